package com.flownurture.dashboard;

import java.util.List;
import java.util.Optional;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's route table: a page without an access rule, or a rule without a page, stops start-up. */
class DashboardRoutesTest {

    private static final Handler NOTHING = (req, res) -> res.send();

    private static final List<DashboardRoutes.Route> RULES = List.of(
            new DashboardRoutes.Route(Method.GET, "/login", DashboardRoutes.Access.PUBLIC),
            new DashboardRoutes.Route(Method.GET, "/reports/{id}", DashboardRoutes.Access.SIGNED_IN),
            new DashboardRoutes.Route(Method.POST, "/reports/audit", DashboardRoutes.Access.ADMIN));

    @Test
    void aPageWithoutAnAccessRuleStopsStartUp() {
        DashboardRoutes routes = new DashboardRoutes(HttpRouting.builder(), RULES);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> routes.get("/exports", NOTHING));
        assertTrue(e.getMessage().contains("GET /exports"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> routes.post("/login", NOTHING), "a rule is per method");
    }

    @Test
    void aRuleWithoutItsPageStopsStartUpToo() {
        DashboardRoutes routes = new DashboardRoutes(HttpRouting.builder(), RULES);
        routes.get("/login", NOTHING).get("/reports/{id}", NOTHING);
        IllegalStateException e = assertThrows(IllegalStateException.class, routes::requireComplete);
        assertTrue(e.getMessage().contains("POST /reports/audit"), e.getMessage());
        routes.post("/reports/audit", NOTHING);
        routes.requireComplete();
        assertEquals(RULES, routes.routes());
        assertThrows(IllegalStateException.class, () -> routes.get("/login", NOTHING), "registered twice");
    }

    @Test
    void aPathIsGatedByTheStrictestRouteItFitsAndOtherPathsAreNotThePagesBusiness() {
        DashboardRoutes routes = new DashboardRoutes(HttpRouting.builder(), RULES);
        assertEquals(Optional.of(DashboardRoutes.Access.PUBLIC), routes.access("/login"));
        assertEquals(Optional.of(DashboardRoutes.Access.SIGNED_IN), routes.access("/reports/42"));
        assertEquals(Optional.of(DashboardRoutes.Access.ADMIN), routes.access("/reports/audit"),
                "the template /reports/{id} fits too, and the stricter rule wins whatever the method");
        assertEquals(Optional.empty(), routes.access("/reports"));
        assertEquals(Optional.empty(), routes.access("/reports/42/x"));
        assertEquals(Optional.empty(), routes.access("/api/v1/contacts"));
    }
}
