package com.flownurture.dashboard;

import java.util.Map;
import java.util.logging.Logger;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.users.Passwords;
import com.flownurture.users.User;
import com.flownurture.users.UserRepository;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /users} (admins only): the organization's users; inviting one makes a one-time password shown once;
 * change a role; remove a user (the last admin stays). An email already used in another organization is answered
 * as a new one, but no user is created (see {@link #invite}).
 */
final class UsersPage {

    private static final Logger LOG = Logger.getLogger(UsersPage.class.getName());

    private final UserRepository users;

    UsersPage(UserRepository users) {
        this.users = users;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/users", this::list)
                .post("/users", this::invite)
                .post("/users/{id}/role", this::changeRole)
                .post("/users/{id}/remove", this::remove);
    }

    /** {@code curl -b jar localhost:8080/users} */
    private void list(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, null, null, "", Map.of());
    }

    /** {@code curl -b jar -d "_csrf=...&email=a@example.com&role=member" localhost:8080/users} */
    private void invite(ServerRequest req, ServerResponse res) {
        Parameters form = DashboardFilter.form(req);
        String email = form.first("email").orElse("").strip();
        String org = Chrome.orgId(req);
        try {
            User.Role role = User.Role.parse(form.first("role").orElse(""));
            String password = Passwords.random();
            try {
                show(req, res, Status.OK_200, users.create(org, email, role, password), password, "", Map.of());
            } catch (ConflictException taken) {
                if (users.findByEmail(email).filter(holder -> !holder.orgId().equals(org)).isEmpty()) {
                    throw taken;
                }
                // Emails are unique across the server, but whether one is in use in another organization is not
                // this admin's to learn: the page reads as for a new user, nothing is created or changed, and the
                // password shown signs in nobody (a wrong password for the existing account).
                LOG.info("invite in " + org + " not created: the email belongs to a user of another organization");
                show(req, res, Status.OK_200, new User(Ids.newId(), org, email, null, role, 0), password, "",
                        Map.of());
            }
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.BAD_REQUEST_400, null, null, email, Map.of("email", e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=...&role=admin" localhost:8080/users/$ID/role} */
    private void changeRole(ServerRequest req, ServerResponse res) {
        try {
            users.changeRole(Chrome.orgId(req), id(req),
                    User.Role.parse(DashboardFilter.form(req).first("role").orElse("")));
            Html.redirect(res, "/users");
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.CONFLICT_409, null, null, "", Map.of("list", e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/users/$ID/remove} */
    private void remove(ServerRequest req, ServerResponse res) {
        try {
            users.remove(Chrome.orgId(req), id(req));
            Html.redirect(res, "/users");
        } catch (ConflictException e) {
            show(req, res, Status.CONFLICT_409, null, null, "", Map.of("list", e.getMessage()));
        }
    }

    private void show(ServerRequest req, ServerResponse res, Status status, User invited, String password,
                      String email, Map<String, String> errors) {
        Html.send(res, status, "users.jte", Html.params("page", Chrome.of(req, "Users", "Users"),
                "users", users.list(Chrome.orgId(req)), "invited", invited, "password", password, "email", email,
                "errors", errors));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
