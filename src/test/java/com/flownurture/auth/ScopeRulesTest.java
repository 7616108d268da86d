package com.flownurture.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.flownurture.http.ApiRoutes;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeRulesTest {

    @TempDir
    Path dir;

    private ScopeRules load(String yaml) throws Exception {
        Path file = dir.resolve("scopes.yaml");
        Files.writeString(file, yaml);
        return ScopeRules.load(file);
    }

    @Test
    void matchesTemplatesSegmentBySegment() throws Exception {
        ScopeRules rules = load("""
                rules:
                  - route: GET /api/v1/contacts/{id}
                    scope: contacts:read
                  - route: POST /api/v1/segments/preview
                    scope: [segments:read, contacts:read]
                """);
        var allowed = assertInstanceOf(ScopeRules.Match.Allowed.class, rules.match("GET", "/api/v1/contacts/c123"));
        assertEquals(java.util.Set.of("contacts:read"), allowed.rule().scopes());
        var both = assertInstanceOf(ScopeRules.Match.Allowed.class, rules.match("POST", "/api/v1/segments/preview"));
        assertEquals(2, both.rule().scopes().size());
        assertInstanceOf(ScopeRules.Match.WrongMethod.class, rules.match("DELETE", "/api/v1/contacts/c123"));
        assertInstanceOf(ScopeRules.Match.Unknown.class, rules.match("GET", "/api/v1/contacts/c123/x"));
        assertInstanceOf(ScopeRules.Match.Unknown.class, rules.match("GET", "/api/v1/contacts/"));
    }

    @Test
    void anUnknownScopeOrAMalformedRuleStopsStartUp() {
        assertThrows(IllegalStateException.class, () -> load("""
                rules:
                  - route: GET /api/v1/contacts
                    scope: contacts:admin
                """));
        assertThrows(IllegalStateException.class, () -> load("""
                rules:
                  - route: /api/v1/contacts
                    scope: contacts:read
                """));
        assertThrows(IllegalStateException.class, () -> load("rules: []\n"));
    }

    @Test
    void aRouteWithoutARuleStopsStartUp() throws Exception {
        ScopeRules rules = load("""
                rules:
                  - route: GET /api/v1/contacts
                    scope: contacts:read
                """);
        rules.requireCovered(List.of(new ApiRoutes.Route(Method.GET, "/api/v1/contacts")));
        var error = assertThrows(IllegalStateException.class, () -> rules.requireCovered(List.of(
                new ApiRoutes.Route(Method.GET, "/api/v1/contacts"),
                new ApiRoutes.Route(Method.DELETE, "/api/v1/contacts/{id}"))));
        assertTrue(error.getMessage().contains("DELETE /api/v1/contacts/{id}"));
    }
}
