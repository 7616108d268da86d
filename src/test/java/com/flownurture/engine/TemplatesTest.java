package com.flownurture.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.flownurture.contacts.Contact;
import com.flownurture.contacts.LifecycleStage;
import org.junit.jupiter.api.Test;

/** Placeholders show the fields the contact fields' table allows, custom fields by key, escaped in HTML. */
class TemplatesTest {

    private static final Contact ANN = new Contact("c1", "o1", "ann@example.com", "Ann <b>", null, "Acme", null,
            "NZ", null, null, LifecycleStage.LEAD, 3, 4, "{\"plan\":\"pro\",\"seats\":5,\"gone\":null}", null, 6, 7,
            com.flownurture.contacts.Consent.NONE);

    @Test
    void fieldsCustomFieldsAndFallbacks() {
        assertEquals("Hi Ann <b> of Acme, pro plan for 5 (ann@example.com)",
                Templates.subject("Hi {{firstName}} of {{ company }}, {{customFields.plan}} plan for "
                        + "{{customFields.seats}} ({{email}})", ANN, null));
        assertEquals("Dear friend, you there",
                Templates.subject("Dear {{lastName|friend}}, you {{customFields.gone|there}}", ANN, null));
    }

    @Test
    void onlyTemplateFieldsAreShown() {
        assertEquals("[] [x] [] []", Templates.subject(
                "[{{country}}] [{{leadScore|x}}] [{{customFields}}] [{{firstName.plan}}]", ANN, null));
    }

    @Test
    void htmlBodiesEscapeValues() {
        assertEquals("<p>Hi Ann &lt;b&gt;</p>", Templates.body("<p>Hi {{firstName}}</p>", ANN, null));
    }
}
