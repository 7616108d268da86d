package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.demo.DemoData;
import com.flownurture.messages.MessageStatus;
import com.flownurture.common.PageRequest;
import com.flownurture.support.Await;
import com.flownurture.support.Browser;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Overview over the demo organization with five contacts enrolled by the running engine. */
class OverviewBrowserTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("engine.enabled", "true"));
    @RegisterExtension
    static final Browser browser = Browser.perClass(server::baseUrl);

    private static DemoData.Result demo;

    @BeforeAll
    static void demoWithEnrollments() {
        demo = DemoData.create(server.app().components());
        for (String contact : demo.contactIds().subList(0, 5)) {
            server.app().components().enrollments().enroll(demo.org().id(), contact, demo.welcomeWorkflowId());
        }
        Await.until(Browser.TIMEOUT, "five welcome emails", () -> server.app().components().messages()
                .list(demo.org().id(), null, MessageStatus.SENT, new PageRequest(1, 10)).total() == 5);
        TestApp.Login admin = server.user(demo.org().id(), User.Role.ADMIN);
        browser.signIn(admin.email(), admin.password());
    }

    private static String count(String name) {
        return browser.find(By.cssSelector("[data-testid=count-" + name + "]")).getText().replace('\n', ' ');
    }

    @Test
    void countsAndCharts() {
        browser.open("/");
        assertEquals("50 contacts", count("contacts"));
        assertEquals("5 active enrollments", count("active-enrollments"));
        assertEquals("5 emails sent in 7 days", count("sent-7d"));
        assertEquals("0 failed messages", count("failed"));
        assertEquals(60, browser.all(By.cssSelector(".chart svg rect")).size(), "30 days in each of two charts");
        assertEquals("5", browser.all(By.cssSelector(".chart svg rect")).get(29).getAttribute("data-count"),
                "today's bar holds the five emails");
        browser.screenshot("overview");

        browser.open("/contacts");
        assertEquals(25, browser.all(By.cssSelector("[data-testid=contact-row]")).size(), "a page of 25");
        browser.find(By.cssSelector("a[rel=next]")).click();
        browser.waitFor(d -> d.getCurrentUrl().contains("page=2"));
        assertEquals(25, browser.all(By.cssSelector("[data-testid=contact-row]")).size());
        browser.open("/contacts");
        browser.screenshot("contacts");

        browser.open("/workflows/" + demo.welcomeWorkflowId());
        assertEquals(5, browser.all(By.cssSelector("[data-testid=funnel-step]")).size());
        browser.screenshot("workflow");
        browser.open("/segments/" + demo.segmentId());
        browser.find(By.cssSelector("[data-testid=segment-count]"));
        browser.screenshot("segment");
    }
}
