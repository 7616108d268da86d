package com.flownurture.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.flownurture.client.ApiClient;
import com.flownurture.client.ApiException;
import com.flownurture.client.ApiResponse;
import com.flownurture.client.api.ContactsApi;
import com.flownurture.client.api.EnrollmentsApi;
import com.flownurture.client.api.MessagesApi;
import com.flownurture.client.api.SegmentsApi;
import com.flownurture.client.api.SettingsApi;
import com.flownurture.client.api.TagsApi;
import com.flownurture.client.api.WorkflowsApi;
import com.flownurture.client.model.ApiError;
import com.flownurture.client.model.Contact;
import com.flownurture.client.model.ContactInput;
import com.flownurture.client.model.DelayUnit;
import com.flownurture.client.model.DoubleOptInPatch;
import com.flownurture.client.model.Enrollment;
import com.flownurture.client.model.EnrollmentDetail;
import com.flownurture.client.model.EnrollmentInput;
import com.flownurture.client.model.EnrollmentStatus;
import com.flownurture.client.model.EnrollmentWithHistory;
import com.flownurture.client.model.Group;
import com.flownurture.client.model.LifecycleStage;
import com.flownurture.client.model.Message;
import com.flownurture.client.model.NewContact;
import com.flownurture.client.model.Reentry;
import com.flownurture.client.model.Rule;
import com.flownurture.client.model.Segment;
import com.flownurture.client.model.SegmentChanges;
import com.flownurture.client.model.SegmentInput;
import com.flownurture.client.model.SegmentPreview;
import com.flownurture.client.model.SegmentPreviewInput;
import com.flownurture.client.model.SegmentSummary;
import com.flownurture.client.model.SegmentWithCount;
import com.flownurture.client.model.SendingSettings;
import com.flownurture.client.model.Settings;
import com.flownurture.client.model.SettingsPatch;
import com.flownurture.client.model.Step;
import com.flownurture.client.model.StepInput;
import com.flownurture.client.model.StepType;
import com.flownurture.client.model.Tag;
import com.flownurture.client.model.TagInput;
import com.flownurture.client.model.TagName;
import com.flownurture.client.model.TagRef;
import com.flownurture.client.model.StepStats;
import com.flownurture.client.model.Tracking;
import com.flownurture.client.model.TrackingInput;
import com.flownurture.client.model.Workflow;
import com.flownurture.client.model.WorkflowChanges;
import com.flownurture.client.model.WorkflowCondition;
import com.flownurture.client.model.WorkflowInput;
import com.flownurture.client.model.WorkflowStats;
import com.flownurture.client.model.WorkflowStatus;
import com.flownurture.client.model.WorkflowSummary;
import com.flownurture.demo.DemoData;
import com.flownurture.support.Await;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's walk through the API, made with the Java client that openapi-generator builds from openapi.yaml at
 * {@code generate-test-sources} (package {@code com.flownurture.client}): what an integrator generating an SDK from
 * {@code GET /openapi} gets must work against the real server, its models must read every response, and the
 * documented headers and error body must be there. The client reads strictly, so a response field the document
 * leaves out fails here.
 */
class GeneratedClientTest {

    /** The engine runs, so the enrollment's first email reaches the capture outbox. */
    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true", "engine.tick-ms", "20"));

    @Test
    void readmeWalkthrough() throws Exception {
        DemoData.Result demo = DemoData.create(server.app().components());
        ApiClient client = client(demo.apiKey());
        ContactsApi contacts = new ContactsApi(client);
        TagsApi tags = new TagsApi(client);
        WorkflowsApi workflows = new WorkflowsApi(client);
        EnrollmentsApi enrollments = new EnrollmentsApi(client);
        SegmentsApi segments = new SegmentsApi(client);
        MessagesApi messages = new MessagesApi(client);

        ApiResponse<List<Contact>> page = contacts.listContactsWithHttpInfo(1, 10, null, null);
        assertEquals(10, page.getData().size());
        assertEquals(List.of("50"), page.getHeaders().get("x-total-count"));
        assertTrue(page.getHeaders().get("link").getFirst().contains("rel=\"next\""));
        assertTrue(page.getHeaders().containsKey("ratelimit-remaining"));

        List<Contact> smiths = contacts.listContacts(null, null, "smith", null);
        assertFalse(smiths.isEmpty());
        smiths.forEach(c -> assertTrue((c.getFirstName() + " " + c.getLastName() + " " + c.getEmail())
                .toLowerCase(Locale.ROOT).contains("smith"), c::toString));

        Contact jane = contacts.createContact(new NewContact().email("jane@example.com").firstName("Jane")
                .lastName("Smith").company("Acme Inc").jobTitle("Marketing Manager")
                .lifecycleStage(LifecycleStage.LEAD), null);
        assertEquals(LifecycleStage.LEAD, jane.getLifecycleStage());
        assertEquals(0L, jane.getLeadScore());
        assertFalse(jane.getUnsubscribed());
        assertNull(jane.getCountry());
        List<Contact> found = contacts.listContacts(null, null, "jane@example.com", null);
        assertEquals(List.of(jane.getId()), found.stream().map(Contact::getId).toList());
        Contact changed = contacts.updateContact(jane.getId(),
                new ContactInput().company("New Company").lifecycleStage(LifecycleStage.MQL));
        assertEquals("New Company", changed.getCompany());
        assertEquals(LifecycleStage.MQL, changed.getLifecycleStage());
        assertEquals("Jane", changed.getFirstName());

        Tag webinar = tags.createTag(new TagInput().name("Webinar 2026"), null);
        assertTrue(tags.addTagToContact(jane.getId(), new TagRef().tagId(webinar.getId()), null).getSuccess());
        assertEquals(List.of("Webinar 2026"),
                contacts.getContact(jane.getId()).getTags().stream().map(TagName::getName).toList());

        WorkflowSummary welcome = workflows.listWorkflows().stream()
                .filter(w -> w.getName().equals("Welcome Sequence")).findFirst().orElseThrow();
        assertEquals(demo.welcomeWorkflowId(), welcome.getId());
        assertEquals(WorkflowStatus.ACTIVE, welcome.getStatus());
        assertEquals(5, welcome.getCount().getSteps());
        EnrollmentInput enroll = new EnrollmentInput().contactId(jane.getId()).workflowId(welcome.getId());
        ApiResponse<Enrollment> enrolled = enrollments.enrollContactWithHttpInfo(enroll, "walkthrough-enroll");
        assertEquals(201, enrolled.getStatusCode());
        assertEquals(EnrollmentStatus.ACTIVE, enrolled.getData().getStatus());
        ApiResponse<Enrollment> replayed = enrollments.enrollContactWithHttpInfo(enroll, "walkthrough-enroll");
        assertEquals(enrolled.getData().getId(), replayed.getData().getId());
        assertEquals(List.of("true"), replayed.getHeaders().get("idempotency-replayed"));

        SegmentPreview preview = segments.previewSegment(new SegmentPreviewInput().groups(List.of(new Group().rules(
                List.of(new Rule().field("lifecycleStage").operator(Rule.OperatorEnum.AT_LEAST).value("MQL"),
                        new Rule().field("leadScore").operator(Rule.OperatorEnum.GTE).value(50))))));
        assertTrue(preview.getCount() >= preview.getSample().size() && !preview.getSample().isEmpty());
        preview.getSample().forEach(c -> assertTrue(c.getLeadScore() >= 50
                && c.getLifecycleStage().ordinal() >= LifecycleStage.MQL.ordinal(), c::toString));

        List<EnrollmentDetail> janes = enrollments.listEnrollments(null, null, null, jane.getId(), null);
        assertEquals(List.of(enrolled.getData().getId()), janes.stream().map(EnrollmentDetail::getId).toList());
        assertEquals(welcome.getId(), janes.getFirst().getWorkflowId());

        Await.until(Duration.ofSeconds(30), "the welcome email in the outbox",
                () -> !messagesTo(messages, jane.getId()).isEmpty());
        List<Message> sent = messagesTo(messages, jane.getId());
        assertEquals("jane@example.com", sent.getFirst().getTo());
        assertEquals("Welcome to Demo Company, Jane!", sent.getFirst().getSubject());
        EnrollmentWithHistory progress = enrollments.getEnrollment(enrolled.getData().getId());
        assertEquals("SEND_EMAIL", progress.getHistory().getFirst().getType());

        ApiException missing = assertThrows(ApiException.class, () -> contacts.getContact("c-no-such-contact"));
        assertEquals(404, missing.getCode());
        ApiError error = client.getObjectMapper().readValue(missing.getResponseBody(), ApiError.class);
        assertEquals(404, error.getStatusCode());
        assertEquals("Contact not found", error.getMessage());
    }

    /** The operations the walkthrough leaves out, so that every response is read by the client's models. */
    @Test
    void everyOtherOperation() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        ApiClient client = client(tenant.key());
        ContactsApi contacts = new ContactsApi(client);
        TagsApi tags = new TagsApi(client);
        WorkflowsApi workflows = new WorkflowsApi(client);
        EnrollmentsApi enrollments = new EnrollmentsApi(client);
        SegmentsApi segments = new SegmentsApi(client);

        Tag vip = tags.createTag(new TagInput().name("VIP"), null);
        assertEquals("Very important", tags.renameTag(vip.getId(), new TagInput().name("Very important")).getName());
        ApiResponse<List<Tag>> tagPage = tags.listTagsWithHttpInfo(1, 10, "important");
        assertEquals(List.of(vip.getId()), tagPage.getData().stream().map(Tag::getId).toList());
        assertEquals(List.of("1"), tagPage.getHeaders().get("x-total-count"));

        Contact ann = contacts.createContact(new NewContact().email("ann@example.com").leadScore(80L)
                .customFields(Map.of("plan", "pro", "seats", 5)), "create-ann");
        assertEquals(Map.of("plan", "pro", "seats", 5), ann.getCustomFields());
        assertEquals(Map.of("plan", "pro", "seats", 5),
                contacts.updateContact(ann.getId(), new ContactInput().city("Lisbon")).getCustomFields());
        tags.addTagToContact(ann.getId(), new TagRef().tagId(vip.getId()), null);
        tags.removeTagFromContact(ann.getId(), new TagRef().tagId(vip.getId()), null);
        assertEquals(List.of(), contacts.getContact(ann.getId()).getTags());

        Segment pro = segments.createSegment(new SegmentInput().name("Pro").groups(List.of(new Group().rules(List.of(
                new Rule().field("customFields.plan").operator(Rule.OperatorEnum.EQUALS).value("pro"))))), null);
        SegmentWithCount read = segments.getSegment(pro.getId());
        assertEquals(1, read.getCount().getContacts());
        assertEquals("pro", read.getGroups().getFirst().getRules().getFirst().getValue());
        assertEquals("Pro plan", segments.updateSegment(pro.getId(), new SegmentChanges().name("Pro plan")).getName());
        assertEquals(List.of(ann.getId()),
                segments.listSegmentContacts(pro.getId(), 1, 10).stream().map(Contact::getId).toList());
        assertEquals(List.of("Pro plan"), segments.listSegments().stream().map(SegmentSummary::getName).toList());

        Workflow everyStep = workflows.createWorkflow(new WorkflowInput().name("Every step").steps(List.of(
                new StepInput().type(StepType.SEND_EMAIL).subject("Hi {{firstName|there}}").body("Welcome")
                        .fromName("Team").fromEmail("team@example.com").replyTo("help@example.com"),
                new StepInput().type(StepType.DELAY).delayAmount(1).delayUnit(DelayUnit.DAYS),
                new StepInput().type(StepType.ADD_TAG).tagId(vip.getId()),
                new StepInput().type(StepType.REMOVE_TAG).tagId(vip.getId()),
                new StepInput().type(StepType.UPDATE_CONTACT).fields(new ContactInput().leadScore(10L)),
                new StepInput().type(StepType.WEBHOOK).url(URI.create("https://hooks.example.com/x"))
                        .headers(Map.of("X-Source", "flownurture")),
                new StepInput().type(StepType.CONDITION).segmentId(pro.getId())
                        .onFalse(StepInput.OnFalseEnum.SKIP),
                new StepInput().type(StepType.WAIT_FOR_EVENT).eventName("order.placed").timeoutAmount(2)
                        .timeoutUnit(DelayUnit.DAYS).matchProperty("cartId")
                        .onEvent(StepInput.OnEventEnum.COMPLETE).onTimeout(StepInput.OnTimeoutEnum.EXIT)))
                .trigger(new WorkflowCondition().type(WorkflowCondition.TypeEnum.TAG_ADDED).tagId(vip.getId()))
                .reentry(Reentry.AFTER_EXIT)
                .goals(List.of(new WorkflowCondition().type(WorkflowCondition.TypeEnum.FIELD_CHANGED)
                        .field(WorkflowCondition.FieldEnum.LIFECYCLE_STAGE).value("CUSTOMER")))
                .exitOn(List.of(new WorkflowCondition().type(WorkflowCondition.TypeEnum.SEGMENT_LEFT)
                        .segmentId(pro.getId())))
                .tracking(new TrackingInput().opens(true)), null);
        assertEquals(WorkflowStatus.DRAFT, everyStep.getStatus());
        assertEquals(new Tracking().opens(true).clicks(false), everyStep.getTracking());
        WorkflowStats stats = workflows.getWorkflowStats(everyStep.getId());
        assertEquals(List.of(0), stats.getSteps().stream().map(StepStats::getSent).toList(),
                "the one email step, nothing sent yet");
        assertEquals(vip.getId(), everyStep.getTrigger().getTagId());
        assertEquals(Reentry.AFTER_EXIT, everyStep.getReentry());
        assertEquals("CUSTOMER", everyStep.getGoals().getFirst().getValue());
        assertEquals(List.of(), everyStep.getProblems());
        assertEquals(List.of(StepType.values()),
                workflows.getWorkflow(everyStep.getId()).getSteps().stream().map(Step::getType).toList());
        assertEquals(WorkflowStatus.ACTIVE, workflows.updateWorkflow(everyStep.getId(),
                new WorkflowChanges().status(WorkflowStatus.ACTIVE)).getStatus());
        Workflow waiting = workflows.replaceWorkflowSteps(everyStep.getId(), List.of(new StepInput()
                .type(StepType.DELAY).delayAmount(1).delayUnit(DelayUnit.WEEKS)));
        assertEquals(1, waiting.getSteps().size());

        Enrollment enrollment = enrollments.enrollContact(new EnrollmentInput().contactId(ann.getId())
                .workflowId(everyStep.getId()), null);
        assertEquals(EnrollmentStatus.ACTIVE, enrollments.getEnrollment(enrollment.getId()).getStatus());
        EnrollmentDetail exited = enrollments.exitEnrollment(enrollment.getId(), "exit-ann");
        assertEquals(EnrollmentStatus.EXITED, exited.getStatus());

        ApiException inUse = assertThrows(ApiException.class, () -> workflows.deleteWorkflow(everyStep.getId()));
        assertEquals(409, inUse.getCode());
        assertEquals("Conflict", client.getObjectMapper().readValue(inUse.getResponseBody(), ApiError.class)
                .getError());
        SegmentPreview buyers = segments.previewSegment(new SegmentPreviewInput().groups(List.of(new Group().rules(
                List.of(new Rule().field("event").operator(Rule.OperatorEnum.PERFORMED).value("order.placed")
                        .withinDays(30))))));
        assertEquals(0, buyers.getCount());
        segments.deleteSegment(pro.getId());
        assertEquals(1, workflows.getWorkflow(everyStep.getId()).getProblems().size(),
                "the exit condition names a deleted segment");
        tags.deleteTag(vip.getId());
        contacts.deleteContact(ann.getId());
        assertEquals(404, assertThrows(ApiException.class, () -> contacts.getContact(ann.getId())).getCode());
    }

    /** The consent settings through the generated client: read, changed, a refused change, the token rotated. */
    @Test
    void settingsOperations() throws Exception {
        SettingsApi settings = new SettingsApi(client(server.tenant().key()));
        Settings defaults = settings.getSettings();
        assertFalse(defaults.getSending().getRequireConsent());
        assertNull(defaults.getForm().getToken());
        Settings changed = settings.updateSettings(new SettingsPatch()
                .sending(new SendingSettings().requireConsent(true))
                .doubleOptIn(new DoubleOptInPatch().subject("Confirm").template("<a href=\"{{confirmUrl}}\">Yes</a>")));
        assertTrue(changed.getSending().getRequireConsent());
        assertEquals("Confirm", changed.getDoubleOptIn().getSubject());
        assertEquals(400, assertThrows(ApiException.class, () -> settings.updateSettings(new SettingsPatch()
                .doubleOptIn(new DoubleOptInPatch().template("<p>no link</p>")))).getCode());
        String rotated = settings.rotateFormToken("rotate-1").getForm().getToken();
        assertFalse(rotated.equals(changed.getForm().getToken()));
        assertEquals(rotated, settings.getSettings().getForm().getToken());
    }

    /** A client of the test server that reads strictly and sends the API key on every call. */
    private static ApiClient client(String apiKey) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + server.app().port());
        // Strict reading: a response field the document does not declare fails the test instead of vanishing.
        client.setObjectMapper(ApiClient.createDefaultObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        // The java native client has no bearer-token support of its own: every call gets the header here.
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
        return client;
    }

    private static List<Message> messagesTo(MessagesApi messages, String contactId) {
        try {
            return messages.listMessages(null, null, contactId, null);
        } catch (ApiException e) {
            throw new AssertionError("listMessages: " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }
}
