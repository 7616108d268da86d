package com.flownurture.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contacts and tags in the browser: create with validation, tag, search as you type, import, delete. */
class ContactsBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    private static TestApp.Tenant tenant;

    @BeforeAll
    static void signIn() {
        tenant = server.tenant();
        TestApp.Login admin = server.user(tenant.orgId(), User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
    }

    @Test
    void createATaggedContactAndFindItBySearch() {
        browser.open("/tags").type(By.name("name"), "Webinar 2026").click("Create tag");
        By webinarRow = By.xpath("//tr[@data-testid='tag-row'][td[1][normalize-space()='Webinar 2026']]");
        browser.find(webinarRow);

        browser.open("/contacts/new").type(By.name("email"), "not-an-email").type(By.name("firstName"), "Jane");
        browser.type(By.name("leadScore"), "lots");
        browser.click("Create contact");
        assertTrue(browser.find(By.cssSelector("[data-testid=error-email]")).getText().contains("valid email"));
        assertTrue(browser.find(By.cssSelector("[data-testid=error-leadScore]")).getText().contains("integer"));
        assertEquals("Jane", browser.find(By.name("firstName")).getAttribute("value"), "typed values are kept");

        browser.type(By.name("email"), "jane.smith@example.com").type(By.name("lastName"), "Smith")
                .type(By.name("company"), "Acme Inc").type(By.name("leadScore"), "42");
        browser.click("Create contact");
        browser.waitForText(By.cssSelector("[data-testid=contact-fields]"), "jane.smith@example.com");
        assertTrue(browser.find(By.cssSelector("[data-testid=contact-fields]")).getText().contains("Acme Inc"));

        new Select(browser.find(By.name("tagId"))).selectByVisibleText("Webinar 2026");
        browser.click("Add tag");
        browser.waitForText(By.cssSelector("[data-testid=contact-tags]"), "Webinar 2026");
        browser.screenshot("contact");

        // Other contacts, so that a search that did nothing would still show more than one row.
        for (String other : List.of("other1@example.com", "other2@example.com")) {
            server.http().post("/api/v1/contacts", tenant.key(), obj("email", other))
                    .expect(201);
        }
        By rows = By.cssSelector("[data-testid=contact-row]");
        browser.open("/contacts");
        browser.waitFor(d -> d.findElements(rows).size() >= 3);
        browser.type(By.name("search"), "smith");
        browser.waitFor(d -> d.findElements(rows).size() == 1);
        assertTrue(browser.find(rows).getText().contains("Jane Smith"));
        browser.waitFor(ExpectedConditions.urlContains("search=smith"));
        browser.screenshot("contacts-search");

        browser.open("/tags");
        assertEquals("1", browser.find(webinarRow).findElement(By.xpath("td[2]")).getText(),
                "one contact carries the tag");
    }

    @Test
    void importACsvWithABadRowAndSeeTheReport() throws Exception {
        Path csv = Files.createTempFile("contacts", ".csv");
        Files.writeString(csv, """
                email,firstName,lastName,leadScore,tags
                ada@example.com,Ada,Lovelace,10,Imported
                not-an-email,Bad,Row,5,
                alan@example.com,Alan,Turing,twenty,
                grace@example.com,Grace,Hopper,30,Imported;Pioneers
                """);
        browser.open("/contacts/import");
        browser.find(By.name("file")).sendKeys(csv.toString());
        browser.click("Import");
        browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=import-summary]")));
        assertEquals("Done: 2 created, 0 updated, 2 failed.",
                browser.find(By.cssSelector("[data-testid=import-summary]")).getText());
        List<String> report = browser.all(By.cssSelector("[data-testid=import-report] li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.get(0).startsWith("line 3:") && report.get(1).startsWith("line 4:"), report.toString());
        browser.screenshot("import");

        browser.open("/contacts?search=hopper");
        browser.find(By.cssSelector("[data-testid=contact-row] a")).click();
        browser.waitForText(By.cssSelector("[data-testid=contact-tags]"), "Pioneers");
    }

    @Test
    void editAContactWithTheApiRules() {
        browser.open("/contacts/new").type(By.name("email"), "first@example.com").click("Create contact");
        browser.waitForText(By.cssSelector("[data-testid=contact-fields]"), "first@example.com");
        browser.open("/contacts/new").type(By.name("email"), "second@example.com").type(By.name("company"), "Initech")
                .click("Create contact");
        browser.waitForText(By.cssSelector("[data-testid=contact-fields]"), "second@example.com");
        browser.find(By.linkText("Edit")).click();
        browser.type(By.name("email"), "FIRST@example.com").click("Save contact");
        assertTrue(browser.find(By.cssSelector("[data-testid=error-email]")).getText().contains("already exists"),
                "emails are unique per organization, case-insensitively, as in the API");
        browser.type(By.name("email"), "second@example.com");
        browser.find(By.name("company")).clear();
        new Select(browser.find(By.name("lifecycleStage"))).selectByVisibleText("MQL");
        browser.click("Save contact");
        browser.waitForText(By.cssSelector("[data-testid=contact-fields]"), "MQL");
        assertTrue(!browser.find(By.cssSelector("[data-testid=contact-fields]")).getText().contains("Initech"),
                "an emptied field is cleared");
    }

    @Test
    void renameAndDeleteATag() {
        browser.open("/tags").type(By.name("name"), "Old name").click("Create tag");
        By row = By.xpath("//tr[@data-testid='tag-row'][td[1][normalize-space()='Old name']]");
        WebElement rename = browser.find(row).findElement(By.name("name"));
        rename.clear();
        rename.sendKeys("New name");
        browser.find(row).findElement(By.xpath(".//button[normalize-space()='Rename']")).click();
        By renamed = By.xpath("//tr[@data-testid='tag-row'][td[1][normalize-space()='New name']]");
        browser.find(renamed).findElement(By.xpath(".//button[normalize-space()='Delete']")).click();
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
        browser.waitFor(d -> d.findElements(renamed).isEmpty() && d.findElements(row).isEmpty());
    }

    @Test
    void deleteAContactAfterConfirming() {
        browser.open("/contacts/new").type(By.name("email"), "gone@example.com").click("Create contact");
        browser.waitForText(By.cssSelector("[data-testid=contact-fields]"), "gone@example.com");
        String contactPage = browser.path();
        browser.click("Delete contact");
        browser.waitFor(ExpectedConditions.alertIsPresent()).dismiss();
        assertEquals(contactPage, browser.path(), "dismissed: nothing happens");
        browser.click("Delete contact");
        browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
        browser.waitFor(ExpectedConditions.urlContains("/contacts"));
        browser.waitFor(d -> !d.getCurrentUrl().endsWith(contactPage));
        browser.open(contactPage);
        assertEquals("404", browser.find(By.cssSelector("[data-testid=error-status]")).getText());
    }
}
