package com.flownurture.bounces;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.flownurture.common.Json;
import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.GenericBounces;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic bounce hook against replays and forgeries: a signed post counts once, the outgoing webhook secret
 * does not sign bounces, a timestamp outside the window (60 s here) is refused, a rotated bounce secret stops
 * working at once (CLI, API; the Settings page in BounceSecretPageTest), a remembered post is forgotten once its
 * window has passed, and an unknown organization is answered like a bad signature.
 */
class BounceHookReplayTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("bounces.replay-window-seconds", "60"));

    private static final String SOFT = GenericBounces.SOFT;

    @Test
    void theSameSignedBounceThreeTimesCountsOnce() {
        TestApp.Tenant tenant = server.tenant();
        Map<String, String> signed = sign(now(), SOFT, bounceSecret(tenant.orgId()));
        Http.Response first = post(tenant.orgId(), SOFT, signed);
        assertEquals(200, first.status(), first.body());
        assertEquals(1, first.obj().getInt("recorded"));
        for (int i = 0; i < 2; i++) {
            Http.Response again = post(tenant.orgId(), SOFT, signed);
            assertEquals(200, again.status(), again.body());
            assertEquals(0, again.obj().getInt("recorded"), "a replay records nothing");
            assertTrue(again.obj().getBoolean("duplicate"), again.body());
        }
        assertEquals(0, server.http().get("/api/v1/suppressions", tenant.key()).expect(200).arr().size(),
                "one soft bounce, not the three that suppress");
    }

    @Test
    void concurrentCopiesOfOnePostCountOnce() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        String hard = SOFT.replace("SOFT", "HARD");
        Map<String, String> signed = sign(now(), hard, bounceSecret(tenant.orgId()));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Http.Response>> posts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                posts.add(pool.submit((Callable<Http.Response>) () -> post(tenant.orgId(), hard, signed)));
            }
            int recorded = 0;
            for (Future<Http.Response> p : posts) {
                assertEquals(200, p.get().status(), p.get().body());
                recorded += p.get().obj().getInt("recorded");
            }
            assertEquals(1, recorded, "exactly one copy was recorded");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theOutgoingWebhookSecretDoesNotSignBounces() {
        TestApp.Tenant tenant = server.tenant();
        String webhookSecret = server.app().components().orgs().find(tenant.orgId()).orElseThrow().webhookSecret();
        String before = DbSnapshot.of(server);
        assertEquals(401, post(tenant.orgId(), SOFT, sign(now(), SOFT, webhookSecret)).status());
        assertEquals(before, DbSnapshot.of(server), "a forged bounce changes nothing");
    }

    @Test
    void aTimestampOutsideTheWindowIsRefused() {
        TestApp.Tenant tenant = server.tenant();
        String secret = bounceSecret(tenant.orgId());
        String before = DbSnapshot.of(server);
        assertEquals(401, post(tenant.orgId(), SOFT, sign(now() - 120, SOFT, secret)).status(), "two minutes old");
        assertEquals(401, post(tenant.orgId(), SOFT, sign(now() + 120, SOFT, secret)).status(), "from the future");
        assertEquals(before, DbSnapshot.of(server));
        assertEquals(200, post(tenant.orgId(), SOFT, sign(now() - 50, SOFT, secret)).status(), "within 60 s");
    }

    @Test
    void anUnknownOrganizationIsAnsweredLikeABadSignature() {
        TestApp.Tenant tenant = server.tenant();
        Map<String, String> forged = sign(now(), SOFT, "not-the-secret");
        Http.Response known = post(tenant.orgId(), SOFT, forged);
        Http.Response unknown = post("no-such-org", SOFT, forged);
        assertEquals(401, known.status());
        assertEquals(401, unknown.status());
        assertEquals(known.body(), unknown.body(), "nothing tells whether the organization exists");
    }

    @Test
    void rotatingFromTheCliRetiresTheOldSecret() {
        TestApp.Tenant tenant = server.tenant();
        String old = bounceSecret(tenant.orgId());
        assertEquals(old, cli("orgs", "bounce-secret", "--org", tenant.orgId()).getString("bounceSecret"));
        String fresh = cli("orgs", "rotate-bounce-secret", "--org", tenant.orgId()).getString("bounceSecret");
        assertOnlyTheNewSecretWorks(tenant, old, fresh);
        assertEquals(fresh, cli("orgs", "bounce-secret", "--org", tenant.orgId()).getString("bounceSecret"));
        assertEquals(1, com.flownurture.cli.Cli.commandLine().execute("orgs", "rotate-bounce-secret", "--org",
                "no-such-org", "--db", server.dbArgument(), "--config", server.cliConfig()), "an unknown organization");
    }

    @Test
    void rememberedPostsAreForgottenOnceTheWindowHasPassed() {
        TestApp.Tenant tenant = server.tenant();
        String secret = bounceSecret(tenant.orgId());
        assertEquals(200, post(tenant.orgId(), SOFT, sign(now(), SOFT, secret)).status());
        long remembered = server.clock().millis() + 60_000;
        assertTrue(rememberedUntil(remembered) > 0);
        server.clock().advance(Duration.ofSeconds(125));
        String other = SOFT.replace("soft@", "other@");
        assertEquals(200, post(tenant.orgId(), other, sign(now(), other, secret)).status());
        assertEquals(0, rememberedUntil(remembered), "the first post's key is gone: its timestamp refuses it now");
    }

    /** How many remembered posts expire by {@code millis}. */
    private static long rememberedUntil(long millis) {
        return server.app().components().db().one(AdHoc.sql("SELECT COUNT(*) AS total FROM bounce_replays"
                + " WHERE expires_at <= :until"), Params.of("until", millis), row -> row.longValue("total")).orElseThrow();
    }

    private static JsonObject cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--db";
        all[args.length + 1] = server.dbArgument();
        all[args.length + 2] = "--config";
        all[args.length + 3] = server.cliConfig();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = com.flownurture.cli.Cli.commandLine().execute(all);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        return Json.createReader(new StringReader(printed)).readObject();
    }

    @Test
    void rotatingThroughTheApiRetiresTheOldSecret() {
        TestApp.Tenant tenant = server.tenant();
        String old = bounceSecret(tenant.orgId());
        assertTrue(!server.http().get("/api/v1/settings", tenant.key()).expect(200).body().contains(old),
                "reading the settings does not show the secret");
        JsonObject rotated = server.http().post("/api/v1/settings/rotate-bounce-secret", tenant.key(), "")
                .expect(200).obj();
        assertOnlyTheNewSecretWorks(tenant, old, rotated.getString("bounceSecret"));
    }

    private void assertOnlyTheNewSecretWorks(TestApp.Tenant tenant, String old, String fresh) {
        assertNotEquals(old, fresh);
        assertEquals(fresh, bounceSecret(tenant.orgId()));
        assertEquals(401, post(tenant.orgId(), SOFT, sign(now(), SOFT, old)).status(), "the old secret");
        Http.Response ok = post(tenant.orgId(), SOFT, sign(now(), SOFT, fresh));
        assertEquals(200, ok.status(), ok.body());
    }

    private static String bounceSecret(String orgId) {
        return server.app().components().orgs().bounceSecret(orgId).orElseThrow();
    }

    private static long now() {
        return server.clock().millis() / 1000;
    }

    private static Map<String, String> sign(long timestamp, String body, String secret) {
        return GenericBounces.sign(timestamp, body, secret);
    }

    private static Http.Response post(String orgId, String body, Map<String, String> headers) {
        return GenericBounces.post(server, orgId, body, headers);
    }
}
