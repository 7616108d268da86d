package com.flownurture.users;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;

/**
 * A person who signs in to the dashboard. The password hash stays inside this package's callers that check it;
 * {@link #toJson()} never carries it.
 */
public record User(String id, String orgId, String email, String passwordHash, Role role, long createdAt) {

    /** What a user may do: a member uses every page except Users and API Keys. */
    public enum Role {
        ADMIN, MEMBER;

        /** The role as written on the command line and stored: {@code admin} or {@code member}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code admin} or {@code member}. */
        public static Role parse(String text) {
            for (Role role : values()) {
                if (role.text().equals(text)) {
                    return role;
                }
            }
            throw new com.flownurture.common.InvalidInputException("role must be admin or member");
        }
    }

    /** Whether the user may manage users and API keys. */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** {@code {"id","email","orgId","role","createdAt"}}, as the CLI prints it. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("id", id).add("email", email).add("orgId", orgId)
                .add("role", role.text()).add("createdAt", Times.format(createdAt)).build();
    }
}
