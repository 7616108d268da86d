package com.flownurture.users;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;

/** Dashboard users. Emails are unique across the server (sign-in is by email alone). Thread-safe. */
public final class UserRepository {

    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");
    private static final int MAX_EMAIL = 255;

    private final Database db;
    private final Clock clock;
    private final Statement orgExists;
    private final Statement insert;
    private final Statement byId;
    private final Statement byEmail;
    private final Statement list;
    private final Statement endSessions;
    private final Statement setPassword;
    private final Statement setRole;
    private final Statement delete;
    private final Statement adminCount;

    public UserRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.orgExists = db.statement("user-org-exists");
        this.insert = db.statement("user-insert");
        this.byId = db.statement("user-get");
        this.byEmail = db.statement("user-by-email");
        this.list = db.statement("user-list");
        this.endSessions = db.statement("session-delete-user");
        this.setPassword = db.statement("user-set-password");
        this.setRole = db.statement("user-set-role");
        this.delete = db.statement("user-delete");
        this.adminCount = db.statement("user-admin-count");
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
        if (!db.exists(orgExists, Params.of("id", orgId))) {
            throw new NotFoundException("Organization not found");
        }
        User user = new User(Ids.newId(), orgId, trimmed, hash, role, clock.millis());
        try {
            db.write(tx -> tx.update(insert, Params.of("id", user.id(), "org", orgId, "email", trimmed,
                    "emailLower", trimmed.toLowerCase(Locale.ROOT), "hash", hash, "role", role.text(),
                    "now", user.createdAt())));
        } catch (RuntimeException e) {
            throw SqlErrors.isUniqueViolation(e) ? new ConflictException("A user with this email already exists") : e;
        }
        return user;
    }

    /** One user by id. */
    public Optional<User> find(String id) {
        return db.one(byId, Params.of("id", id), UserRepository::toUser);
    }

    /** One user of an organization, or not found (another organization's user is not found either). */
    public User get(String orgId, String id) {
        return get(db, orgId, id);
    }

    private User get(Reads reads, String orgId, String id) {
        return reads.one(byId, Params.of("id", id), UserRepository::toUser).filter(u -> u.orgId().equals(orgId))
                .orElseThrow(UserRepository::notFound);
    }

    /** The user with this email, case-insensitively. */
    public Optional<User> findByEmail(String email) {
        return db.one(byEmail, Params.of("emailLower", email.strip().toLowerCase(Locale.ROOT)),
                UserRepository::toUser);
    }

    /** The users of an organization, oldest first. */
    public List<User> list(String orgId) {
        return db.list(list, Params.of("org", orgId), UserRepository::toUser);
    }

    /** Sets a new password and ends the user's sessions. */
    public void resetPassword(String id, String password) {
        String hash = Passwords.hash(password);
        long changed = db.write(tx -> {
            tx.update(endSessions, Params.of("user", id));
            return tx.update(setPassword, Params.of("id", id, "hash", hash));
        });
        if (changed == 0) {
            throw notFound();
        }
    }

    /** Changes a user's role; the organization's last admin stays an admin. */
    public User changeRole(String orgId, String id, User.Role role) {
        return db.write(tx -> {
            User user = get(tx, orgId, id);
            if (user.isAdmin() && role != User.Role.ADMIN) {
                requireAnotherAdmin(tx, orgId);
            }
            tx.update(setRole, Params.of("id", id, "role", role.text()));
            return new User(user.id(), user.orgId(), user.email(), user.passwordHash(), role, user.createdAt());
        });
    }

    /** Removes a user and its sessions; the organization's last admin cannot be removed from the dashboard. */
    public void remove(String orgId, String id) {
        db.write(tx -> {
            User user = get(tx, orgId, id);
            if (user.isAdmin()) {
                requireAnotherAdmin(tx, orgId);
            }
            return tx.update(delete, Params.of("id", id));
        });
    }

    /** Removes a user whatever its organization (the CLI, run by whoever runs the server). */
    public User remove(String id) {
        User user = find(id).orElseThrow(UserRepository::notFound);
        db.write(tx -> tx.update(delete, Params.of("id", id)));
        return user;
    }

    private void requireAnotherAdmin(Tx tx, String orgId) {
        long admins = tx.one(adminCount, Params.of("org", orgId), r -> r.longValue("total")).orElse(0L);
        if (admins <= 1) {
            throw new ConflictException("An organization keeps at least one admin");
        }
    }

    /** Maps a row with the user columns. */
    static User toUser(Row row) {
        return new User(row.string("id"), row.string("org_id"), row.string("email"), row.string("password_hash"),
                User.Role.parse(row.string("role")), row.longValue("created_at"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("User not found");
    }
}
