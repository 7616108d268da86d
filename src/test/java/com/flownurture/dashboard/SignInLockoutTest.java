package com.flownurture.dashboard;

import java.time.Duration;
import java.util.Map;

import com.flownurture.support.DashboardClient;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 item 3: wrong passwords must not lock an account out for everyone. Sign-in attempts are throttled per
 * client address and per (account, client address) with a growing wait. The server trusts 127.0.0.1 as its reverse
 * proxy, so each client here is an {@code X-Forwarded-For} address; the throttle reads the server's clock, which the
 * tests move instead of sleeping.
 */
class SignInLockoutTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("server.trusted-proxies", "127.0.0.1/32"));

    private TestApp.Login user() {
        return server.user(server.tenant().orgId(), User.Role.ADMIN);
    }

    private static DashboardClient from(String address) {
        return server.dashboard(address);
    }

    /**
     * Spends the address's attempts on an unknown email (the first few check a password, the rest are refused
     * quickly), until another unknown email is refused too: the address's own budget is gone, and no account's.
     */
    private static void exhaust(DashboardClient client) {
        for (int i = 0; i < Dashboard.LOGINS_PER_ADDRESS; i++) {
            client.signIn("nobody@example.com", "a wrong password");
        }
        assertEquals(429, client.signIn("somebody.else@example.com", "x").status(),
                "the address runs out of attempts");
    }

    private static long retryAfter(Http.Response res) {
        String retryAfter = res.header("Retry-After");
        assertNotNull(retryAfter, "a 429 says when to come back");
        return Long.parseLong(retryAfter);
    }

    @Test
    void hammeringAnAccountFromOneAddressDoesNotLockItsUserOutElsewhere() {
        TestApp.Login victim = user();
        DashboardClient attacker = from("203.0.113.10");
        for (int i = 0; i < 40; i++) {
            int status = attacker.signIn(victim.email(), "guess " + i).status();
            assertTrue(status == 401 || status == 429, "attempt " + i + ": " + status);
        }
        assertEquals(429, attacker.signIn(victim.email(), victim.password()).status(),
                "the hammering address waits, even with the right password");

        Http.Response real = from("198.51.100.20").signIn(victim.email(), victim.password());
        assertEquals(303, real.status(), "the user signs in from their own address at once");
        assertEquals("/", real.header("Location"));
    }

    @Test
    void aRefusedAddressDoesNotChargeTheAccount() {
        TestApp.Login victim = user();
        DashboardClient refused = from("203.0.113.20");
        exhaust(refused);
        for (int i = 0; i < 20; i++) {
            assertEquals(429, refused.signIn(victim.email(), "guess " + i).status());
        }
        assertEquals(303, from("198.51.100.21").signIn(victim.email(), victim.password()).status(),
                "attempts refused for their address cost the account nothing");

        server.clock().advance(Duration.ofMinutes(1));
        assertEquals(303, refused.signIn(victim.email(), victim.password()).status(),
                "nor the account from that address: once the address has attempts again, the first one counts");
    }

    @Test
    void theWaitDoublesWithEachFurtherFailureUpToTheCapAndASuccessResetsIt() {
        TestApp.Login user = user();
        DashboardClient client = from("203.0.113.30");
        for (int i = 0; i < Dashboard.FREE_SIGN_IN_FAILURES; i++) {
            assertEquals(401, client.signIn(user.email(), "typo " + i).status(), "failure " + (i + 1));
        }
        Http.Response waiting = client.signIn(user.email(), user.password());
        assertEquals(429, waiting.status(), "after the free failures, even the right password waits");
        assertTrue(waiting.body().contains(LoginPage.THROTTLED));
        long wait = retryAfter(waiting);
        assertEquals(Dashboard.FIRST_SIGN_IN_WAIT.toSeconds(), wait);

        long cap = Dashboard.MAX_SIGN_IN_WAIT.toSeconds();
        for (int round = 0; wait < cap; round++) {
            server.clock().advance(Duration.ofSeconds(wait - 1));
            assertEquals(429, client.signIn(user.email(), "typo").status(), "a second early: still waiting");
            server.clock().advance(Duration.ofSeconds(1));
            assertEquals(401, client.signIn(user.email(), "typo").status(), "the wait is over: one more try");
            long next = retryAfter(client.signIn(user.email(), "typo"));
            assertEquals(Math.min(2 * wait, cap), next, "round " + round + ": each failure doubles the wait");
            wait = next;
        }
        server.clock().advance(Duration.ofSeconds(cap));
        assertEquals(401, client.signIn(user.email(), "typo").status());
        assertEquals(cap, retryAfter(client.signIn(user.email(), "typo")), "the wait stays at the cap");

        assertEquals(303, from("198.51.100.30").signIn(user.email(), user.password()).status(),
                "another address was never throttled");
        server.clock().advance(Duration.ofSeconds(cap));
        assertEquals(303, client.signIn(user.email(), user.password()).status());
        for (int i = 0; i < Dashboard.FREE_SIGN_IN_FAILURES; i++) {
            assertEquals(401, client.signIn(user.email(), "typo " + i).status(),
                    "a success starts the count again: failure " + (i + 1));
        }
    }

    @Test
    void onlyTheRightMostForwardedAddressCountsAndOnlyFromATrustedProxy() {
        DashboardClient client = from("203.0.113.40");
        exhaust(client);
        assertEquals(429, from("198.51.100.99, 203.0.113.40").signIn("nobody@example.com", "x").status(),
                "an address the client wrote before the proxy's entry is not the client's");
        assertEquals(401, from("198.51.100.40").signIn("nobody@example.com", "x").status(),
                "another client behind the same proxy has attempts of its own");

        try (TestApp direct = TestApp.start()) {
            exhaust(direct.dashboard("203.0.113.41"));
            Http.Response spoofed = direct.dashboard("198.51.100.41")
                    .signIn("nobody@example.com", "x");
            assertEquals(429, spoofed.status(), "no trusted proxy: X-Forwarded-For is the client's own words");
        }
    }
}
