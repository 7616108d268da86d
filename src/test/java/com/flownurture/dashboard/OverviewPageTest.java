package com.flownurture.dashboard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.flownurture.support.Api;
import com.flownurture.support.DashboardClient;
import com.flownurture.support.TestApp;
import com.flownurture.users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Overview's charts over plain HTTP: enrollments started on two days, no email sent yet (engine stopped). */
class OverviewPageTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    @Test
    void theChartsShowEachDaysExactCountAndSayWhenEmpty() {
        TestApp.Tenant tenant = server.tenant();
        Api api = server.api(tenant);
        String workflow = api.createWorkflow(arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS")));
        LocalDate first = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC);
        for (int i = 0; i < 2; i++) {
            api.enroll(api.createContact("early" + i + "@example.com"), workflow);
        }
        server.clock().advance(Duration.ofDays(3));
        LocalDate today = first.plusDays(3);
        for (int i = 0; i < 3; i++) {
            api.enroll(api.createContact("late" + i + "@example.com"), workflow);
        }

        DashboardClient member = server.dashboard().signedIn(server.user(tenant.orgId(), User.Role.MEMBER));
        String page = member.get("/").body();
        assertTrue(page.contains("<title>" + first + ": 2</title>"), page);
        assertTrue(page.contains("<title>" + today + ": 3</title>"), page);
        assertTrue(page.contains("<title>" + today.minusDays(1) + ": 0</title>"), page);
        assertEquals(60, page.split("</title></rect>", -1).length - 1, "a titled bar per day in each chart");
        assertEquals(1, page.split("data-testid=\"chart-empty\"", -1).length - 1, "no email sent: that chart says so");
        assertTrue(page.contains(">Enrollments</text>") && page.contains(">Day (UTC)</text>"), "axis titles");
    }
}
