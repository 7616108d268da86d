package com.flownurture.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.flownurture.config.AppConfig;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of contact fields agrees with the schema and with the JSON a contact is written as. */
class ContactFieldTest {

    @TempDir
    Path dir;

    @Test
    void everyColumnExists() {
        try (Database db = Database.open(new AppConfig.Database(dir.resolve("f.db"), 2, 1000))) {
            Set<String> columns = Set.copyOf(db.query("SELECT name FROM pragma_table_info('contacts')", List.of(),
                    row -> Rows.string(row, "name")));
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
}
