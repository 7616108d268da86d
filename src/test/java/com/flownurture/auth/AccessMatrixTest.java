package com.flownurture.auth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.flownurture.http.ApiRoutes;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Fixture;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered route × {no key, revoked key, key without its scope, key with it, another organization's key}. */
class AccessMatrixTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private static ScopeRules rules;

    @BeforeAll
    static void loadRules() {
        rules = ScopeRules.load(Path.of("config/scopes.yaml"));
    }

    private static List<ApiRoutes.Route> routes() {
        List<ApiRoutes.Route> routes = server.app().routes();
        assertTrue(routes.size() >= 28, "the route table is complete: " + routes);
        return routes;
    }

    private static java.util.Set<String> required(ApiRoutes.Route route) {
        var match = rules.match(route.method().text(), route.path().replace("{", "x").replace("}", "x"));
        return ((ScopeRules.Match.Allowed) match).rule().scopes();
    }

    private static Http.Response call(ApiRoutes.Route route, Fixture fixture, String key) {
        return server.http().send(route.method(), fixture.path(route), key, fixture.body(route));
    }

    @Test
    void withoutAValidKeyEveryRouteIs401() {
        Fixture fixture = Fixture.create(server, server.tenant());
        TestApp.Tenant revoked = server.key(fixture.tenant().orgId(), Scopes.ALL);
        server.app().components().keys().revoke(revoked.keyId());
        String before = DbSnapshot.of(server);
        for (ApiRoutes.Route route : routes()) {
            call(route, fixture, null).expectError(401);
            call(route, fixture, revoked.key()).expectError(401);
        }
        assertEquals(before, DbSnapshot.of(server));
    }

    @Test
    void aKeyLackingTheRoutesScopeGets403AndOneHoldingItDoesNot() {
        for (ApiRoutes.Route route : routes()) {
            Fixture fixture = Fixture.create(server, server.tenant());
            List<String> lacking = new ArrayList<>(Scopes.ALL);
            lacking.removeAll(required(route));
            TestApp.Tenant weak = server.key(fixture.tenant().orgId(), lacking);
            String before = DbSnapshot.of(server);
            call(route, fixture, weak.key()).expectError(403);
            assertEquals(before, DbSnapshot.of(server), "a 403 changes nothing: " + route);

            TestApp.Tenant exact = server.key(fixture.tenant().orgId(), List.copyOf(required(route)));
            Http.Response allowed = call(route, fixture, exact.key());
            assertTrue(allowed.status() != 401 && allowed.status() != 403,
                    route + " with exactly its scopes: " + allowed.body());
        }
    }

    @Test
    void anotherOrganizationsKeyGets404OnEveryResourceAndChangesNothing() {
        Fixture victim = Fixture.create(server, server.tenant());
        TestApp.Tenant intruder = server.tenant();
        String before = DbSnapshot.of(server);
        int checked = 0;
        for (ApiRoutes.Route route : routes()) {
            if (!Fixture.targetsAResource(route)) {
                continue;
            }
            Http.Response response = call(route, victim, intruder.key());
            response.expectError(404);
            for (String id : List.of(victim.contactId(), victim.tagId(), victim.workflowId(), victim.segmentId(),
                    victim.enrollmentId(), victim.webhookId(), victim.deliveryId())) {
                assertFalse(response.body().contains(id), "nothing of the other organization is revealed");
            }
            checked++;
        }
        assertTrue(checked >= 18, "resource routes checked: " + checked);
        assertEquals(before, DbSnapshot.of(server));
        assertNotEquals(0, server.http().get("/api/v1/contacts/" + victim.contactId(), victim.tenant().key())
                .expect(200).obj().size());
    }

    @Test
    void listsShowOnlyTheCallersOrganization() {
        Fixture a = Fixture.create(server, server.tenant());
        Fixture b = Fixture.create(server, server.tenant());
        for (String list : List.of("/api/v1/contacts", "/api/v1/tags", "/api/v1/workflows", "/api/v1/segments",
                "/api/v1/enrollments", "/api/v1/events", "/api/v1/webhooks")) {
            String body = server.http().get(list, b.tenant().key()).expect(200).body();
            for (String id : List.of(a.contactId(), a.tagId(), a.workflowId(), a.segmentId(), a.enrollmentId(),
                    a.webhookId())) {
                assertFalse(body.contains(id), list + " leaks " + id);
            }
        }
        assertEquals(0, server.http().get("/api/v1/contacts?tagId=" + a.tagId(), b.tenant().key()).arr().size());
    }
}
