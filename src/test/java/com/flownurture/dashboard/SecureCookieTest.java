package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behind https (a TLS proxy, said by {@code mail.public-url}), the session cookie is Secure. */
class SecureCookieTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("mail.public-url", "https://crm.example.com"));

    @Test
    void theSessionCookieIsSecure() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        DashboardClient client = server.dashboard();
        String cookie = DashboardClient.setCookie(client.signIn(admin.email(), admin.password()),
                DashboardFilter.COOKIE);
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
                cookie);
    }
}
