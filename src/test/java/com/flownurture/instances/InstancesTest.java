package com.flownurture.instances;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;

import com.flownurture.support.Await;
import com.flownurture.support.Api;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several instances on one database: a live instance's claims are respected however long their lease; a dead one's
 * (heartbeat older than a few seconds) are taken over by the next heartbeat, without waiting for the lease.
 */
class InstancesTest {

    @Test
    void claimsOfAnInstanceWithAStaleHeartbeatAreTakenOverAndALiveOnesAreNot() throws Exception {
        try (TestApp server = TestApp.start()) {
            TestApp.Tenant tenant = server.tenant();
            String flow = server.http().post("/api/v1/workflows", tenant.key(), """
                    {"name":"W","status":"ACTIVE","steps":[{"type":"DELAY","delayAmount":1,"delayUnit":"DAYS"}]}""")
                    .expect(201).obj().getString("id");
            String[] enrollments = new String[2];
            for (int i = 0; i < 2; i++) {
                Api api = server.api(tenant);
                enrollments[i] = api.enroll(api.createContact("i" + i + "@example.com"), flow);
            }
            long now = System.currentTimeMillis();
            long lease = now + Duration.ofHours(1).toMillis();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
                // Two instances on another host: one beating, one silent for 10 s; each holds an enrollment.
                c.createStatement().execute("INSERT INTO instances VALUES ('alive', 'elsewhere', 1, " + now + ", "
                        + (now + 3_600_000) + "), ('dead', 'elsewhere', 2, " + now + ", " + (now - 10_000) + ")");
                c.createStatement().execute("UPDATE enrollments SET claim_token = 't', claimed_until = " + lease
                        + ", claimed_by = 'alive' WHERE id = '" + enrollments[0] + "'");
                c.createStatement().execute("UPDATE enrollments SET claim_token = 't', claimed_until = " + lease
                        + ", claimed_by = 'dead' WHERE id = '" + enrollments[1] + "'");
            }
            Await.until(Duration.ofSeconds(3), "the next heartbeat to forget the dead instance", () -> count(server,
                    "SELECT COUNT(*) FROM instances WHERE id = 'dead'") == 0);
            assertEquals(1, server.app().engine().tick(), "the dead instance's enrollment is claimed at once, "
                    + "an hour before its lease runs out; the live one's is not");
            assertEquals(1, server.http().get("/api/v1/enrollments/" + enrollments[1], tenant.key()).obj()
                    .getJsonArray("history").size());
            assertEquals(0, server.http().get("/api/v1/enrollments/" + enrollments[0], tenant.key()).obj()
                    .getJsonArray("history").size(), "a live instance's claim is respected");
            assertEquals(1, count(server, "SELECT COUNT(*) FROM instances WHERE id = 'alive'"));
        }
    }

    private static long count(TestApp server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
             java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
