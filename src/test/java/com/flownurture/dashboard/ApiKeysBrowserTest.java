package com.flownurture.dashboard;

import java.util.List;

import com.flownurture.support.Browser;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in, the navigation, API keys made and revoked in the browser and used against the REST API. */
class ApiKeysBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    @Test
    void unsignedPagesGoToTheSignInFormAndWrongCredentialsShareOneMessage() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        browser.driver().manage().deleteAllCookies();
        browser.open("/contacts");
        assertEquals("/login", browser.path());
        assertEquals(1, browser.all(By.cssSelector("form button[type=submit]")).size(), "one submit button");

        String unknown = signInFails("nobody@example.com", "whatever password");
        String wrong = signInFails(admin.email(), "not the password at all");
        assertEquals(unknown, wrong, "an unknown email and a wrong password get the same message");
    }

    private String signInFails(String email, String password) {
        browser.open("/login").type(By.name("email"), email).type(By.name("password"), password);
        browser.find(By.cssSelector("form button[type=submit]")).click();
        return browser.find(By.cssSelector("[data-testid=login-error]")).getText();
    }

    @Test
    void anAdminMakesAKeyThatWorksUntilRevoked() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
        List<String> nav = browser.all(By.cssSelector("nav.top a")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Overview", "Contacts", "Tags", "Workflows", "Segments", "Enrollments", "Messages",
                "Events", "Suppressions", "API Keys", "Webhooks", "Users", "Settings"), nav);

        browser.find(By.linkText("API Keys")).click();
        browser.type(By.name("name"), "CRM sync");
        browser.find(By.cssSelector("input[name=scopes][value='contacts:read']")).click();
        browser.click("Create key");
        String key = browser.find(By.cssSelector("[data-testid=new-api-key]")).getText();
        assertTrue(key.startsWith("fn_"), key);
        browser.screenshot("api-keys");
        WebElement row = browser.find(By.cssSelector("[data-testid=api-key-row]"));
        assertTrue(row.getText().contains("CRM sync") && row.getText().contains("contacts:read"), row.getText());

        assertEquals(200, server.http().get("/api/v1/contacts", key).status());
        assertEquals(403, server.http().get("/api/v1/tags", key).status(), "only the chosen scope");

        browser.open("/api-keys");
        assertTrue(browser.driver().getPageSource().contains(key.substring(0, 10)), "the prefix stays listed");
        assertTrue(!browser.driver().getPageSource().contains(key), "the key is shown once only");
        browser.click("Revoke");
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText(By.cssSelector("[data-testid=api-key-row]"), "Revoked");
        server.clock().advance(java.time.Duration.ofSeconds(1)); // the key cache's time: revocation is seen within it
        assertEquals(401, server.http().get("/api/v1/contacts", key).status());
        browser.signOut();
        browser.open("/api-keys");
        assertEquals("/login", browser.path(), "signed out: the session is gone");
    }

    @Test
    void anAdminInvitesAUserWhoSignsInWithTheOneTimePassword() {
        TestApp.Login admin = server.user(server.tenant().orgId(), User.Role.ADMIN);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(admin.email(), admin.password());
        browser.open("/users").type(By.name("email"), "new.member@example.com");
        browser.click("Invite");
        String password = browser.find(By.cssSelector("[data-testid=new-user-password]")).getText();
        By row = By.xpath("//tr[@data-testid='user-row'][td[1][normalize-space()='new.member@example.com']]");
        new Select(browser.find(row).findElement(By.name("role"))).selectByVisibleText("admin");
        browser.find(row).findElement(By.xpath(".//button[normalize-space()='Change']")).click();
        browser.waitFor(d -> new Select(d.findElement(row).findElement(By.name("role")))
                .getFirstSelectedOption().getText().equals("admin"));
        browser.open("/users").type(By.name("email"), "short.lived@example.com").click("Invite");
        By other = By.xpath("//tr[@data-testid='user-row'][td[1][normalize-space()='short.lived@example.com']]");
        browser.find(other).findElement(By.xpath(".//button[normalize-space()='Remove']")).click();
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
        browser.waitFor(d -> d.findElements(other).isEmpty());

        browser.signOut();
        browser.signIn("new.member@example.com", password);
        browser.open("/users");
        assertEquals(2, browser.all(By.cssSelector("[data-testid=user-row]")).size(), "the tenant's own users only");
    }

    @Test
    void aMemberCannotOpenApiKeysOrUsers() {
        TestApp.Login member = server.user(server.tenant().orgId(), User.Role.MEMBER);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(member.email(), member.password());
        browser.open("/api-keys");
        assertEquals("403", browser.find(By.cssSelector("[data-testid=error-status]")).getText());
        browser.open("/users");
        assertEquals("403", browser.find(By.cssSelector("[data-testid=error-status]")).getText());
        browser.open("/");
        assertTrue(browser.find(By.cssSelector("[data-testid=count-contacts]")).getText().contains("contacts"));
    }
}
