package com.flownurture.auth;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.flownurture.support.Http;
import com.flownurture.support.ServerDb;
import com.flownurture.support.SqliteOnly;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticationTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    private Http.Response withAuthorization(List<String> values) {
        return server.http().send(Method.GET, "/api/v1/contacts", values, null, null);
    }

    @Test
    void missingMalformedAndUnknownKeysAre401() {
        TestApp.Tenant tenant = server.tenant();
        Http.Response none = withAuthorization(List.of()).expectError(401);
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        withAuthorization(List.of("Token " + tenant.key())).expectError(401);
        withAuthorization(List.of("Bearer")).expectError(401);
        withAuthorization(List.of("Bearer fn_short")).expectError(401);
        withAuthorization(List.of("Bearer " + tenant.key().replace("fn_", "xx_"))).expectError(401);
        withAuthorization(List.of("Bearer fn_" + "A".repeat(40))).expectError(401);
        withAuthorization(List.of("Bearer " + tenant.key(), "Bearer " + tenant.key())).expectError(401);
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        TestApp.Tenant tenant = server.tenant();
        withAuthorization(List.of("bearer " + tenant.key())).expect(200);
        withAuthorization(List.of("BEARER " + tenant.key())).expect(200);
        withAuthorization(List.of("Bearer " + tenant.key())).expect(200);
    }

    @Test
    void errorsNeverEchoThePresentedKey() {
        String almost = "fn_" + "Zq9".repeat(14);
        Http.Response response = withAuthorization(List.of("Bearer " + almost)).expectError(401);
        assertFalse(response.body().contains(almost));
    }

    @Test
    void aRevokedKeyIsRefusedWithinOneSecond() {
        TestApp.Tenant tenant = server.tenant();
        server.http().get("/api/v1/contacts", tenant.key()).expect(200);
        server.app().components().keys().revoke(tenant.keyId());
        server.clock().advance(Duration.ofSeconds(1));
        server.http().get("/api/v1/contacts", tenant.key()).expectError(401);
    }

    @Test
    void routesAreNotRevealedToUnauthenticatedCallers() {
        TestApp.Tenant tenant = server.tenant();
        server.http().get("/api/v1/no-such-thing", null).expectError(401);
        server.http().get("/api/v1/no-such-thing", tenant.key()).expectError(404);
        server.http().get("/nowhere", null).expectError(404);
        Http.Response wrongMethod = server.http().put("/api/v1/contacts", tenant.key(), "{}").expectError(405);
        assertEquals("GET, POST", wrongMethod.header("Allow"));
    }

    @SqliteOnly("reads the SQLite file's bytes for a key in clear")
    @Test
    void keysAreStoredOnlyAsHashesAndLastUseIsRecorded() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        server.http().get("/api/v1/contacts", tenant.key()).expect(200);
        ApiKey key = server.app().components().keys().list(tenant.orgId()).getFirst();
        assertNotNull(key.lastUsedAt());
        assertTrue(tenant.key().startsWith(key.prefix()));
        assertTrue(key.prefix().length() <= 10);
        assertTrue(tenant.key().matches("fn_[A-Za-z0-9]{32,}"));
        for (var file : List.of(server.dbFile(), server.dbFile().resolveSibling("test.db-wal"))) {
            if (Files.exists(file)) {
                String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(tenant.key()), "the secret is not stored in " + file);
            }
        }
        assertEquals(ApiKeys.hash(tenant.key()), ServerDb.sqlite(server.dbFile())
                .text("SELECT key_hash FROM api_keys WHERE id = ?", tenant.keyId()));
    }

    @Test
    void failedAuthenticationsAreThrottledPerAddress() {
        try (TestApp strict = TestApp.start(java.util.Map.of("rate-limit.failed-auth-per-minute", "5"))) {
            TestApp.Tenant tenant = strict.tenant();
            for (int i = 0; i < 5; i++) {
                strict.http().get("/api/v1/contacts", "fn_" + "B".repeat(40)).expectError(401);
            }
            Http.Response throttled = strict.http().get("/api/v1/contacts", "fn_" + "B".repeat(40)).expectError(429);
            assertTrue(Long.parseLong(throttled.header("Retry-After")) >= 1);
            strict.http().get("/api/v1/contacts", tenant.key()).expect(200);
        }
    }
}
