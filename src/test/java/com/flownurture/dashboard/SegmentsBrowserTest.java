package com.flownurture.dashboard;

import com.flownurture.common.Json;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.common.JsonFields;
import com.flownurture.support.Browser;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The segment builder: the live count and first matches follow the rules as they are typed. */
class SegmentsBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    @BeforeAll
    static void signIn() {
        String org = server.tenant().orgId();
        for (int score : new int[] {10, 40, 60, 90}) {
            server.app().components().contacts().create(org, ContactChanges.parse(new JsonFields(
                    Json.createObjectBuilder().add("email", "score" + score + "@example.com")
                            .add("firstName", "Score" + score).add("leadScore", score).build(), ""), true));
        }
        TestApp.Login admin = server.user(org, User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
    }

    @Test
    void theLiveCountFollowsTheRules() {
        browser.open("/segments/new");
        By count = By.cssSelector("[data-testid=segment-count]");
        assertEquals("2", browser.find(count).getText(), "leadScore gte 50 to start with");

        browser.type(By.name("group.0.rule.0.value"), "30");
        browser.waitFor(ExpectedConditions.textToBe(count, "3"));
        assertEquals(3, browser.all(By.cssSelector("[data-testid=segment-match]")).size());

        browser.type(By.name("group.0.rule.0.value"), "lots");
        browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=segment-rule-error]")));

        browser.type(By.name("group.0.rule.0.value"), "85");
        browser.waitFor(ExpectedConditions.textToBe(count, "1"));
        browser.click("Add group");
        browser.type(By.name("group.1.rule.0.field"), "firstName");
        new org.openqa.selenium.support.ui.Select(browser.find(By.name("group.1.rule.0.operator")))
                .selectByVisibleText("equals");
        browser.type(By.name("group.1.rule.0.value"), "score10");
        browser.waitFor(ExpectedConditions.textToBe(count, "2"));
        browser.type(By.name("name"), "Hot or first");
        browser.screenshot("segment-builder");
        browser.click("Save segment");
        browser.waitFor(ExpectedConditions.urlMatches("/segments/c[a-z0-9]+$"));
        assertEquals("2", browser.find(count).getText(), "the saved segment counts the same");
    }
}
