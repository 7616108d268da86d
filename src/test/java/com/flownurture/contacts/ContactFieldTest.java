package com.flownurture.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.flownurture.common.JsonOutput;
import com.flownurture.config.AppConfig;
import com.flownurture.db.AdHoc;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of contact fields agrees with the schema and with the JSON a contact is written as. */
class ContactFieldTest {

    @TempDir
    Path dir;

    @Test
    void everyColumnExists() {
        try (Database db = Database.open(new AppConfig.Database(dir.resolve("f.db"), 2, 1000))) {
            Set<String> columns = Set.copyOf(db.list(AdHoc.sql("SELECT name FROM pragma_table_info('contacts')"),
                    Params.of(), row -> row.string("name")));
            for (ContactField field : ContactField.values()) {
                assertTrue(columns.contains(field.column()), field + ": no column " + field.column());
            }
        }
    }

    @Test
    void theJsonFormHasTheTablesFieldsInOrder() {
        Contact contact = new Contact("c1", "o1", "a@b.co", "Ann", null, null, null, null, null, null,
                LifecycleStage.LEAD, 3, 4, "{\"plan\":\"pro\"}", 5L, 6, 7, Consent.NONE);
        List<String> names = new java.util.ArrayList<>(
                Arrays.stream(ContactField.values()).map(ContactField::apiName).toList());
        names.add("consent");
        assertEquals(names, List.copyOf(contact.toJson().keySet()));
        assertEquals("{\"id\":\"c1\",\"email\":\"a@b.co\",\"firstName\":\"Ann\",\"lastName\":null,\"company\":null,"
                + "\"jobTitle\":null,\"lifecycleStage\":\"LEAD\",\"country\":null,\"city\":null,\"source\":null,"
                + "\"leadScore\":3,\"engagementScore\":4,\"customFields\":{\"plan\":\"pro\"},\"unsubscribed\":true,"
                + "\"createdAt\":\"1970-01-01T00:00:00.006Z\",\"updatedAt\":\"1970-01-01T00:00:00.007Z\","
                + "\"consent\":{\"status\":\"NONE\",\"source\":null,\"confirmedAt\":null,\"ip\":null,"
                + "\"userAgent\":null,\"text\":null}}",
                contact.toJson().toString());
    }

    @Test
    void theBuiltObjectIsWrittenAsTheStreamedTextByteForByte() {
        // Escapes, non-ASCII text, numbers as written (1.50, 1E+3, a long beyond a double), booleans and nulls
        // nested in customFields; a full consent. The API streams pages and builds single contacts: same bytes.
        Contact contact = new Contact("c2", "o1", "zoë@example.com", "Zoë \"Z\" \\ <b>", "Ünal\n\t", "Ac\u0001me",
                null, "FR", null, "form", LifecycleStage.CUSTOMER, -12, 9_007_199_254_740_993L,
                "{\"plan\":\"pro\",\"seats\":1.50,\"big\":1E+3,\"id\":9007199254740993,\"trial\":false,"
                        + "\"note\":null,\"emoji\":\"\\ud83d\\ude00\",\"quote\":\"\\\"\\/\"}",
                null, 1_700_000_000_123L, 1_700_000_000_456L,
                new Consent(Consent.Status.CONFIRMED, "form", 1_700_000_000_789L, "2001:db8::1", "Mozilla/5.0 \"x\"",
                        "I agree — «oui»"));
        String streamed = JsonOutput.text(contact::writeTo);
        assertEquals(streamed, JsonOutput.text(contact.toJson()));
        assertTrue(streamed.contains("\"seats\":1.50,\"big\":1E+3,\"id\":9007199254740993"), streamed);
    }
}
