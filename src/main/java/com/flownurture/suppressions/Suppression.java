package com.flownurture.suppressions;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import com.flownurture.db.Row;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * An entry of an organization's suppression list.
 *
 * @param source    who or what put it there ({@code api}, {@code unsubscribe page}, {@code ses}, ...)
 * @param detail    the raw detail the source gave (an SMTP diagnostic code), or null
 * @param expiresAt when a SOFT_BOUNCE entry lapses, or null
 */
public record Suppression(String id, String orgId, String email, SuppressionReason reason, String source,
                          String detail, String note, Long expiresAt, long createdAt) {

    /** The public form. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("email", email)
                .add("reason", reason.name()).add("source", source);
        nullable(json, "detail", detail);
        nullable(json, "note", note);
        nullable(json, "expiresAt", expiresAt == null ? null : Times.format(expiresAt));
        return json.add("createdAt", Times.format(createdAt)).build();
    }

    static Suppression of(Row row) {
        return new Suppression(row.string("id"), row.string("org_id"), row.string("email"),
                SuppressionReason.valueOf(row.string("reason")), row.string("source"), row.string("detail"),
                row.string("note"), row.nullableLong("expires_at"), row.longValue("created_at"));
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
