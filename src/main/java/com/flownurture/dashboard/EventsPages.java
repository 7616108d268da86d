package com.flownurture.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.JsonOutput;
import com.flownurture.common.PageRequest;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.events.Event;
import com.flownurture.events.EventRepository;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /events}: the organization's latest events, filtered by name and contact (email or id), in pages; an
 * event's properties as indented JSON. Read-only, through the repository of {@code GET /api/v1/events}.
 */
public final class EventsPages {

    static final int PAGE_SIZE = 25;
    /** How many of a contact's latest events its page shows. */
    static final int ON_CONTACT_PAGE = 10;
    /** How much of an event's properties its row in the list shows. */
    private static final int PREVIEW_CHARS = 120;

    private final EventRepository events;
    private final ContactRepository contacts;

    EventsPages(EventRepository events, ContactRepository contacts) {
        this.events = events;
        this.contacts = contacts;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/events", this::list)
                .get("/events/{id}", this::show);
    }

    /** An event with its contact's email and the start of its properties. */
    public record Row(Event event, String contactEmail, String preview) {
    }

    /**
     * The list's filters as typed ({@code ""} for none), the page shown, and the query string that keeps the filters
     * on the pager's links.
     */
    public record Filters(String name, String contact, int page, String query) {
    }

    /** {@code curl -b jar "localhost:8080/events?name=cart_updated&contactId=jane@example.com&page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String name = ContactsPages.blankToNull(req.query().first("name").orElse(""), 100);
        String contact = ContactsPages.blankToNull(req.query().first("contactId").orElse(""), 255);
        int page = ContactsPages.pageNumber(req);
        EventRepository.Page found = find(org, name, contact, new PageRequest(page, PAGE_SIZE));
        Map<String, String> emails = new HashMap<>();
        List<Row> rows = found.events().stream().map(e -> new Row(e, emails.computeIfAbsent(e.contactId(),
                id -> email(org, id)), preview(e))).toList();
        String query = "name=" + encode(name) + "&contactId=" + encode(contact);
        Html.send(res, "events.jte", Html.params("page", Chrome.of(req, "Events", "Events"), "rows", rows,
                "total", found.total(), "filters", new Filters(name == null ? "" : name,
                        contact == null ? "" : contact, page, query), "pageSize", PAGE_SIZE));
    }

    /**
     * The events of a name and a contact given by id or email (either may be null). An email no contact has
     * matches no event: dropping the filter would show every contact's events under it.
     */
    private EventRepository.Page find(String org, String name, String contact, PageRequest page) {
        String contactId = contact;
        if (contact != null && contact.contains("@")) {
            contactId = contacts.findByEmail(org, contact).map(Contact::id).orElse(null);
            if (contactId == null) {
                return new EventRepository.Page(List.of(), 0);
            }
        }
        return events.list(org, contactId, name, page);
    }

    /** {@code curl -b jar localhost:8080/events/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        Event event = events.get(org, req.path().pathParameters().get("id"));
        Html.send(res, "event.jte", Html.params("page", Chrome.of(req, event.name(), "Events"), "e", event,
                "contactEmail", email(org, event.contactId())));
    }

    /** A contact's latest events (and how many it has), for its page. */
    EventRepository.Page ofContact(String org, String contactId) {
        return events.list(org, contactId, null, new PageRequest(1, ON_CONTACT_PAGE));
    }

    private String email(String org, String contactId) {
        return contacts.find(org, contactId).map(Contact::email).orElse(contactId);
    }

    private static String preview(Event event) {
        String json = JsonOutput.text(event.properties());
        return json.length() <= PREVIEW_CHARS ? json : json.substring(0, PREVIEW_CHARS) + "…";
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
