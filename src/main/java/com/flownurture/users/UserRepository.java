package com.flownurture.users;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import io.helidon.dbclient.DbRow;

/** Dashboard users. Emails are unique across the server (sign-in is by email alone). Thread-safe. */
public final class UserRepository {

    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");
    private static final int MAX_EMAIL = 255;

    private final Database db;
    private final Clock clock;

    public UserRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Creates a user.
     *
     * @throws InvalidInputException for a malformed email or a password against the rules
     * @throws NotFoundException     for an unknown organization
     * @throws ConflictException     when the email is taken
     */
    public User create(String orgId, String email, User.Role role, String password) {
        String trimmed = email == null ? "" : email.strip();
        if (trimmed.length() > MAX_EMAIL || !EMAIL.matcher(trimmed).matches()) {
            throw new InvalidInputException("email must be a valid email address");
        }
        String hash = Passwords.hash(password);
        if (db.read(exec -> exec.createNamedGet("org-get").addParam("id", orgId).execute()).isEmpty()) {
            throw new NotFoundException("Organization not found");
        }
        User user = new User(Ids.newId(), orgId, trimmed, hash, role, clock.millis());
        try {
            db.write(tx -> tx.createNamedInsert("user-insert").addParam("id", user.id()).addParam("org", orgId)
                    .addParam("email", trimmed).addParam("emailLower", trimmed.toLowerCase(Locale.ROOT))
                    .addParam("hash", hash).addParam("role", role.text()).addParam("now", user.createdAt())
                    .execute());
        } catch (RuntimeException e) {
            throw SqlErrors.isUniqueViolation(e) ? new ConflictException("A user with this email already exists") : e;
        }
        return user;
    }

    /** One user by id. */
    public Optional<User> find(String id) {
        return db.read(exec -> exec.createNamedGet("user-get").addParam("id", id).execute()
                .map(UserRepository::toUser));
    }

    /** One user of an organization, or not found (another organization's user is not found either). */
    public User get(String orgId, String id) {
        return find(id).filter(u -> u.orgId().equals(orgId)).orElseThrow(UserRepository::notFound);
    }

    /** The user with this email, case-insensitively. */
    public Optional<User> findByEmail(String email) {
        return db.read(exec -> exec.createNamedGet("user-by-email")
                .addParam("emailLower", email.strip().toLowerCase(Locale.ROOT)).execute()
                .map(UserRepository::toUser));
    }

    /** The users of an organization, oldest first. */
    public List<User> list(String orgId) {
        return db.read(exec -> {
            try (Stream<DbRow> rows = exec.createNamedQuery("user-list").addParam("org", orgId).execute()) {
                return rows.map(UserRepository::toUser).toList();
            }
        });
    }

    /** Sets a new password and ends the user's sessions. */
    public void resetPassword(String id, String password) {
        String hash = Passwords.hash(password);
        long changed = db.write(tx -> {
            tx.createNamedDelete("session-delete-user").addParam("user", id).execute();
            return tx.createNamedUpdate("user-set-password").addParam("id", id).addParam("hash", hash).execute();
        });
        if (changed == 0) {
            throw notFound();
        }
    }

    /** Changes a user's role; the organization's last admin stays an admin. */
    public User changeRole(String orgId, String id, User.Role role) {
        return db.write(tx -> {
            User user = get(orgId, id);
            if (user.isAdmin() && role != User.Role.ADMIN) {
                requireAnotherAdmin(tx, orgId);
            }
            tx.createNamedUpdate("user-set-role").addParam("id", id).addParam("role", role.text()).execute();
            return new User(user.id(), user.orgId(), user.email(), user.passwordHash(), role, user.createdAt());
        });
    }

    /** Removes a user and its sessions; the organization's last admin cannot be removed from the dashboard. */
    public void remove(String orgId, String id) {
        db.write(tx -> {
            User user = get(orgId, id);
            if (user.isAdmin()) {
                requireAnotherAdmin(tx, orgId);
            }
            return tx.createNamedDelete("user-delete").addParam("id", id).execute();
        });
    }

    /** Removes a user whatever its organization (the CLI, run by whoever runs the server). */
    public User remove(String id) {
        User user = find(id).orElseThrow(UserRepository::notFound);
        db.write(tx -> tx.createNamedDelete("user-delete").addParam("id", id).execute());
        return user;
    }

    private static void requireAnotherAdmin(io.helidon.dbclient.DbExecute tx, String orgId) {
        long admins = tx.createNamedGet("user-admin-count").addParam("org", orgId).execute()
                .map(r -> Rows.longValue(r, "total")).orElse(0L);
        if (admins <= 1) {
            throw new ConflictException("An organization keeps at least one admin");
        }
    }

    /** Maps a row with the user columns. */
    static User toUser(DbRow row) {
        return new User(Rows.string(row, "id"), Rows.string(row, "org_id"), Rows.string(row, "email"),
                Rows.string(row, "password_hash"), User.Role.parse(Rows.string(row, "role")),
                Rows.longValue(row, "created_at"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("User not found");
    }
}
