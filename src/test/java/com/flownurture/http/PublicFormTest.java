package com.flownurture.http;

import io.helidon.http.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public pages' form parser; reading a too-long body is tested through the server (PublicFormAbuseTest). */
class PublicFormTest {

    @Test
    void decodesEscapesAndPlusKeepsTheFirstOfARepeatedFieldAndRefusesAMalformedEscape() throws Exception {
        PublicForm form = PublicForm.parse("email=ann%2Btag%40example.com&name=Ann+Lee&name=Bob&flag&&x=");
        assertEquals("ann+tag@example.com", form.value("email"));
        assertEquals("Ann Lee", form.value("name"));
        assertEquals("", form.value("flag"));
        assertTrue(form.field("flag").isPresent() && form.field("x").isPresent() && form.field("y").isEmpty());
        assertEquals(Status.BAD_REQUEST_400, assertThrows(PublicForm.Unreadable.class,
                () -> PublicForm.parse("action=%zz")).status());
        assertEquals(Status.BAD_REQUEST_400, assertThrows(PublicForm.Unreadable.class,
                () -> PublicForm.parse("ok=1&bad%=2")).status());
    }
}
