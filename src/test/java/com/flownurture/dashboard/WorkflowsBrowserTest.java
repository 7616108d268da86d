package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.contacts.ContactChanges;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.support.Browser;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workflow built in the step editor, previewed, activated, a contact enrolled from its page, and the email seen in
 * Messages: with the engine running.
 */
class WorkflowsBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true"));
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    private static String orgId;

    @BeforeAll
    static void signIn() {
        orgId = server.tenant().orgId();
        server.app().components().contacts().create(orgId, ContactChanges.parse(new JsonFields(
                Json.createObjectBuilder().add("email", "ada@example.com").add("firstName", "Ada").build(), ""),
                true));
        TestApp.Login admin = server.user(orgId, User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
    }

    @Test
    void buildActivateEnrollAndSeeTheEmail() {
        browser.open("/workflows/new").type(By.name("name"), "Onboarding");
        browser.find(By.name("trackClicks")).click();
        browser.type(By.name("step.0.subject"), "Welcome, {{firstName|there}}!");
        browser.type(By.name("step.0.body"), "<p>Hello {{firstName|there}}, <b>welcome</b>.</p>");
        new Select(browser.find(By.name("newType"))).selectByVisibleText("DELAY");
        browser.click("Add step");
        browser.waitFor(d -> d.findElements(By.cssSelector("[data-testid=editor-step]")).size() == 2);
        assertEquals("Welcome, {{firstName|there}}!", browser.find(By.name("step.0.subject")).getAttribute("value"),
                "what was typed survives the round trip");
        new Select(browser.find(By.name("newType"))).selectByVisibleText("WAIT_FOR_EVENT");
        browser.click("Add step");
        browser.find(By.name("step.2.eventName"));
        browser.find(By.xpath("(//fieldset[@data-testid='editor-step'])[3]//button[normalize-space()='Remove step']"))
                .click();
        browser.waitFor(d -> d.findElements(By.cssSelector("[data-testid=editor-step]")).size() == 2);
        new Select(browser.find(By.name("newType"))).selectByVisibleText("WEBHOOK");
        browser.click("Add step");
        browser.find(By.name("step.2.url"));
        browser.find(By.xpath("(//fieldset[@data-testid='editor-step'])[3]//button[normalize-space()='Move up']"))
                .click();
        By secondLegend = By.xpath("(//fieldset[@data-testid='editor-step'])[2]/legend");
        browser.waitFor(ExpectedConditions.textToBe(secondLegend, "Step 2: WEBHOOK"));
        browser.find(By.xpath("(//fieldset[@data-testid='editor-step'])[2]//button[normalize-space()='Remove step']"))
                .click();
        browser.waitFor(ExpectedConditions.textToBe(secondLegend, "Step 2: DELAY"));
        browser.type(By.name("step.1.delayAmount"), "0");
        browser.click("Save workflow");
        assertTrue(browser.find(By.cssSelector("[data-testid=editor-error]")).getText().contains("delayAmount"),
                "the API's step rules apply");
        browser.type(By.name("step.1.delayAmount"), "2");
        new Select(browser.find(By.name("step.1.delayUnit"))).selectByVisibleText("DAYS");
        browser.type(By.name("previewEmail"), "ada@example.com");
        browser.click("Preview");
        assertEquals("Welcome, Ada!", browser.find(By.cssSelector("[data-testid=preview-subject]")).getText());
        browser.screenshot("workflow-editor");
        browser.click("Save workflow");

        browser.waitForText(By.cssSelector("[data-testid=workflow-status]"), "DRAFT");
        assertEquals(2, browser.all(By.cssSelector("[data-testid=funnel-step]")).size());
        browser.click("Activate");
        browser.waitForText(By.cssSelector("[data-testid=workflow-status]"), "ACTIVE");
        browser.type(By.name("email"), "ada@example.com").click("Enroll");
        browser.waitForText(By.cssSelector("[data-testid=enrollment-status]"), "ACTIVE");

        // The engine sends the first email within a second; the enrollment then waits at the delay.
        browser.waitFor(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("[data-testid=history-row]")).size() == 2;
        });
        browser.screenshot("enrollment");
        browser.open("/messages?status=SENT");
        WebElement row = browser.find(By.cssSelector("[data-testid=message-row]"));
        assertTrue(row.getText().contains("Welcome, Ada!") && row.getText().contains("ada@example.com"), row.getText());
        row.findElement(By.tagName("a")).click();
        WebElement frame = browser.find(By.cssSelector("iframe[data-testid=message-html]"));
        assertEquals("", frame.getAttribute("sandbox"), "sandboxed: no scripts, no same origin");
        browser.driver().switchTo().frame(frame);
        assertEquals("welcome", browser.find(By.tagName("b")).getText(), "the HTML is rendered");
        browser.driver().switchTo().defaultContent();
        assertTrue(browser.find(By.cssSelector("[data-testid=message-text]")).getText().contains("Hello Ada, welcome."),
                "the text part, made from the HTML");
        browser.screenshot("message");

        browser.open("/workflows");
        browser.find(By.linkText("Onboarding")).click();
        WebElement first = browser.find(By.cssSelector("[data-testid=funnel-step]"));
        assertTrue(first.getText().endsWith("0 1"), "the email step: none waiting, one passed: " + first.getText());
        WebElement second = browser.all(By.cssSelector("[data-testid=funnel-step]")).get(1);
        assertTrue(second.getText().endsWith("1 0"), "the delay: one waiting: " + second.getText());
        browser.screenshot("workflow-onboarding");
        String page = browser.driver().getCurrentUrl();
        browser.open(page.substring(page.indexOf("/workflows/")) + "/edit");
        assertTrue(browser.find(By.name("trackClicks")).isSelected(), "the tracking checkbox was saved");
        assertFalse(browser.find(By.name("trackOpens")).isSelected());

        browser.open("/enrollments?status=ACTIVE").find(By.cssSelector("[data-testid=enrollment-row] a")).click();
        browser.click("Exit enrollment");
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText(By.cssSelector("[data-testid=enrollment-status]"), "EXITED");
    }
}
