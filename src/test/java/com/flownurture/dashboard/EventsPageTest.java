package com.flownurture.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.support.Api;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Events page over plain HTTP, a member signed in: it lists what the API received, newest first, narrowed by
 * name and by contact (id or email); an event's page shows its properties as escaped JSON; a contact's page shows
 * its latest events; another organization's events are out of reach.
 */
class EventsPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private static final Pattern ROW_LINK = Pattern.compile(
            "data-testid=\"event-row\">\\s*<td><a href=\"/events/([a-z0-9]+)\">");

    private DashboardClient signedIn(String orgId) {
        return server.dashboard().signedIn(server.user(orgId, User.Role.MEMBER));
    }

    /** An event, one second after the one before, so that newest first is one order. */
    private String event(Api api, String contact, String name, JsonObject properties) {
        server.clock().advance(Duration.ofSeconds(1));
        return api.event(contact, name, properties);
    }

    @Test
    void theListShowsTheApisEventsNewestFirstAndBothFiltersNarrowIt() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String jane = api.createContact("jane@example.com");
        String bob = api.createContact("bob@example.com");
        String signedUp = event(api, jane, "signed_up", obj("plan", "pro"));
        String janesCart = event(api, jane, "cart_updated", obj("cartId", "c1"));
        String bobsCart = event(api, bob, "cart_updated", obj("cartId", "c2"));
        DashboardClient member = signedIn(tenant.orgId());

        String all = member.get("/events").body();
        assertTrue(all.contains("class=\"active\">Events<"), "the nav entry");
        assertTrue(all.contains("3 events"), all);
        assertEquals(List.of(bobsCart, janesCart, signedUp), rows(all));
        assertTrue(all.contains("<a href=\"/contacts/" + bob + "\">bob@example.com</a>"), "each row names its contact");

        assertEquals(List.of(bobsCart, janesCart), rows(member.get("/events?name=cart_updated").body()));
        assertEquals(List.of(janesCart, signedUp), rows(member.get("/events?contactId=" + jane).body()));
        assertEquals(List.of(janesCart, signedUp), rows(member.get("/events?contactId=JANE%40example.com").body()),
                "a contact by email, whatever its case");
        assertEquals(List.of(janesCart), rows(member.get("/events?name=cart_updated&contactId=" + jane).body()));
        assertEquals(List.of(), rows(member.get("/events?contactId=nobody%40example.com").body()),
                "an email no contact has matches nothing, rather than dropping the filter");
        assertEquals(List.of(), rows(member.get("/events?name=page_viewed").body()));

        DashboardClient stranger = signedIn(server.tenant().orgId());
        assertEquals(List.of(), rows(stranger.get("/events").body()));
        assertEquals(List.of(), rows(stranger.get("/events?contactId=" + jane).body()));
        assertEquals(404, stranger.get("/events/" + signedUp).status());
        assertEquals(200, member.get("/events/" + signedUp).status());
    }

    @Test
    void anEventsPageShowsItsPropertiesAsEscapedIndentedJson() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String contact = api.createContact("markup@example.com");
        String id = event(api, contact, "form_sent", obj("comment", "<script>alert(1)</script>",
                "nested", obj("n", 2)));
        DashboardClient member = signedIn(tenant.orgId());

        String list = member.get("/events").body();
        assertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), list);
        String page = member.get("/events/" + id).body();
        assertFalse(list.contains("<script>alert") || page.contains("<script>alert"), "never markup");
        Matcher json = Pattern.compile("data-testid=\"event-properties\">(.*?)</pre>", Pattern.DOTALL)
                .matcher(page);
        assertTrue(json.find(), page);
        assertEquals("""
                {
                    "comment": "&lt;script&gt;alert(1)&lt;/script&gt;",
                    "nested": {
                        "n": 2
                    }
                }""", json.group(1));
        assertTrue(page.contains("<a href=\"/contacts/" + contact + "\">markup@example.com</a>"), "its contact");
        assertTrue(page.contains("href=\"/events?contactId=" + contact + "\""), "the contact's other events");
        assertEquals(404, member.get("/events/cnosuchevent0000000000000").status());
    }

    @Test
    void aContactsPageShowsItsLatestEventsAndLinksToTheRest() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String contact = api.createContact("busy@example.com");
        String other = api.createContact("other@example.com");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= EventsPages.ON_CONTACT_PAGE; i++) {
            ids.add(event(api, contact, "page_viewed", obj("n", i)));
        }
        String elsewhere = event(api, other, "page_viewed", obj());
        DashboardClient member = signedIn(tenant.orgId());

        String page = member.get("/contacts/" + contact).body();
        Matcher section = Pattern.compile("data-testid=\"contact-events\">(.*?)</ul>", Pattern.DOTALL).matcher(page);
        assertTrue(section.find(), page);
        List<String> shown = Pattern.compile("href=\"/events/([a-z0-9]+)\"").matcher(section.group(1)).results()
                .map(m -> m.group(1)).toList();
        assertEquals(ids.reversed().subList(0, EventsPages.ON_CONTACT_PAGE), shown, "the latest, newest first");
        assertFalse(page.contains(elsewhere), "another contact's event");
        assertTrue(page.contains("<a href=\"/events?contactId=" + contact + "\">All 11 events</a>"), page);
        assertTrue(member.get("/contacts/" + other).body().contains(elsewhere));
    }

    @Test
    void theListIsPagedAndThePagerKeepsTheFilters() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        api.createContact("paged+events@example.com");
        Object[] batch = new Object[EventsPages.PAGE_SIZE + 1];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = obj("email", "paged+events@example.com", "name", "tick", "properties", obj("i", i));
        }
        api.post("/api/v1/events/batch", obj("events", arr(batch))).expect(200);
        DashboardClient member = signedIn(tenant.orgId());

        String first = member.get("/events?name=tick&contactId=paged%2Bevents%40example.com").body();
        assertEquals(EventsPages.PAGE_SIZE, rows(first).size());
        assertTrue(first.contains("rel=\"next\" href=\"/events?name=tick&amp;contactId=paged%2Bevents%40example.com"
                + "&page=2\""), first);
        String second = member.get("/events?name=tick&contactId=paged%2Bevents%40example.com&page=2").body();
        assertEquals(1, rows(second).size());
        assertTrue(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    }

    /** The ids of the list's rows, in order. */
    private static List<String> rows(String html) {
        return ROW_LINK.matcher(html).results().map(m -> m.group(1)).toList();
    }
}
