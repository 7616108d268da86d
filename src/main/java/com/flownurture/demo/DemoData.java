package com.flownurture.demo;

import java.util.List;

import com.flownurture.app.Components;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.Scopes;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.LifecycleStage;
import com.flownurture.common.JsonFields;
import com.flownurture.orgs.Organization;
import com.flownurture.segments.Segment;
import com.flownurture.tags.Tag;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowStatus;
import com.flownurture.common.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * A demo organization: ~50 contacts, tags, an ACTIVE "Welcome Sequence", a DRAFT workflow, a "High-intent leads"
 * segment, and a key holding every scope. Made through the same repositories as the API, so it obeys every rule.
 */
public final class DemoData {

    /** How many contacts the demo starts with. */
    static final int CONTACTS = 50;

    private static final String[] FIRST = {"Jane", "Liam", "Olivia", "Noah", "Emma", "Ava", "Lucas", "Mia",
        "Ethan", "Sofia", "Mateo", "Amara", "Kenji", "Priya", "Omar", "Chloe", "Diego", "Hana", "Jonas", "Zara",
        "Felix", "Leila", "Arjun", "Nora", "Samuel"};
    private static final String[] LAST = {"Smith", "Garcia", "Chen", "Okafor", "Müller", "Rossi", "Tanaka",
        "Patel", "Johansson", "Haddad", "Dubois", "Kowalski", "Silva", "Nguyen", "Brown"};
    private static final String[][] COMPANIES = {{"Acme Inc", "acme.com"}, {"Globex", "globex.io"},
        {"Initech", "initech.com"}, {"Umbrella Health", "umbrella.health"}, {"Stark Logistics", "starklog.com"},
        {"Wayne Analytics", "wayne.ai"}, {"Hooli", "hooli.xyz"}, {"Vandelay Imports", "vandelay.co"}};
    private static final String[] TITLES = {"Marketing Manager", "Head of Growth", "CTO", "Sales Director",
        "Product Manager", "Founder", "Operations Lead", "Data Analyst"};
    private static final String[][] PLACES = {{"US", "Austin"}, {"DE", "Berlin"}, {"GB", "London"},
        {"JP", "Tokyo"}, {"IN", "Bengaluru"}, {"BR", "São Paulo"}, {"FR", "Paris"}, {"NG", "Lagos"}};
    private static final String[] SOURCES = {"website", "webinar", "referral", "trade-show", "import"};

    private DemoData() {
    }

    /** What the demo made; the key's secret is shown once, here. */
    public record Result(Organization org, String apiKey, String keyId, List<String> contactIds,
                         List<String> tagIds, String welcomeWorkflowId, String draftWorkflowId, String segmentId) {

        /** The JSON printed by {@code demo}. */
        public JsonObject toJson() {
            return Json.createObjectBuilder()
                    .add("organization", org.toJson())
                    .add("apiKey", apiKey).add("apiKeyId", keyId)
                    .add("contactIds", Json.createArrayBuilder(contactIds))
                    .add("tagIds", Json.createArrayBuilder(tagIds))
                    .add("welcomeWorkflowId", welcomeWorkflowId)
                    .add("draftWorkflowId", draftWorkflowId)
                    .add("segmentId", segmentId)
                    .build();
        }
    }

    /** Creates a new demo organization with its data. */
    public static Result create(Components c) {
        Organization org = c.orgs().create("Demo Company");
        Tag customer = c.tags().create(org.id(), "Customer");
        Tag newsletter = c.tags().create(org.id(), "Newsletter");
        Tag demoRequested = c.tags().create(org.id(), "Demo requested");
        Tag onboarded = c.tags().create(org.id(), "Onboarded");
        List<String> contactIds = contacts(c, org.id(), List.of(customer, newsletter, demoRequested));
        Segment segment = c.segments().create(org.id(), "High-intent leads", array("""
                [{"rules":[{"field":"lifecycleStage","operator":"at_least","value":"MQL"},
                           {"field":"leadScore","operator":"gte","value":50}]},
                 {"rules":[{"field":"tag","operator":"has","value":"%s"}]}]""".formatted(demoRequested.id())));
        Workflow welcome = c.workflows().create(org.id(), "Welcome Sequence", WorkflowStatus.ACTIVE, array("""
                [{"type":"SEND_EMAIL","subject":"Welcome to Demo Company, {{firstName|there}}!",
                  "body":"<p>Hi {{firstName|there}},</p><p>Thanks for joining us at {{company|your company}}.</p>"},
                 {"type":"DELAY","delayAmount":2,"delayUnit":"DAYS"},
                 {"type":"SEND_EMAIL","subject":"Three tips to get started",
                  "body":"<p>Hi {{firstName|there}}, three tips to get the most out of Demo Company are in <a href=\\"https://example.com/docs/getting-started\\">the guide</a>.</p>"},
                 {"type":"DELAY","delayAmount":3,"delayUnit":"DAYS"},
                 {"type":"ADD_TAG","tagId":"%s"}]""".formatted(onboarded.id())));
        Workflow draft = c.workflows().create(org.id(), "Re-engage high-intent leads", WorkflowStatus.DRAFT, array("""
                [{"type":"CONDITION","segmentId":"%s","onFalse":"EXIT"},
                 {"type":"SEND_EMAIL","subject":"Ready for a demo, {{firstName|there}}?",
                  "body":"<p>Book a 20-minute walkthrough with our team.</p>"}]""".formatted(segment.id())));
        ApiKeys.CreatedKey key = c.keys().create(org.id(), "Demo key (all scopes)", Scopes.ALL);
        return new Result(org, key.secret(), key.key().id(), contactIds,
                List.of(customer.id(), newsletter.id(), demoRequested.id(), onboarded.id()),
                welcome.id(), draft.id(), segment.id());
    }

    private static List<String> contacts(Components c, String orgId, List<Tag> tags) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            Contact contact = c.contacts().create(orgId, ContactChanges.parse(new JsonFields(person(i), ""), true));
            ids.add(contact.id());
            for (int t = 0; t < tags.size(); t++) {
                if ((i + t) % (t + 2) == 0) {
                    c.tags().addToContact(orgId, contact.id(), tags.get(t).id());
                }
            }
        }
        return ids;
    }

    /** The {@code i}th demo person's contact fields; each {@code i} has its own email. */
    static JsonObject person(int i) {
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i * 7) % LAST.length];
        String[] company = COMPANIES[(i * 3) % COMPANIES.length];
        String[] place = PLACES[(i * 5) % PLACES.length];
        String email = (first + "." + last).toLowerCase(java.util.Locale.ROOT).replace("ü", "ue")
                + (i >= FIRST.length ? i : "") + "@" + company[1];
        return Json.createObjectBuilder()
                .add("email", email).add("firstName", first).add("lastName", last)
                .add("company", company[0]).add("jobTitle", TITLES[i % TITLES.length])
                .add("country", place[0]).add("city", place[1]).add("source", SOURCES[i % SOURCES.length])
                .add("lifecycleStage", LifecycleStage.values()[i % LifecycleStage.values().length].name())
                .add("leadScore", (i * 37) % 100).add("engagementScore", (i * 53) % 100)
                .add("customFields", Json.createObjectBuilder().add("plan", i % 3 == 0 ? "pro" : "free"))
                .build();
    }

    static JsonArray array(String json) {
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            return reader.readArray();
        }
    }
}
