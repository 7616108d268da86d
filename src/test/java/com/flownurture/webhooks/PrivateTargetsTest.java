package com.flownurture.webhooks;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.flownurture.common.TargetPolicy;
import com.flownurture.engine.HttpWebhookClient;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With private targets refused (the default), a key holder cannot make the server call its own network. */
class PrivateTargetsTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass(Map.of("webhooks.allow-private-targets", "false"));

    private static final List<String> REFUSED = List.of(
            "http://127.0.0.1:8080/hook", "http://127.1.2.3/hook", "http://10.0.0.1/hook", "http://192.168.1.10/hook",
            "http://172.16.0.5/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook",
            "http://[::ffff:127.0.0.1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0:8080/hook",
            "http://100.64.0.1/hook", "http://localhost:8080/hook", "https://LOCALHOST/hook");

    @Test
    void subscriptionsAndWebhookStepsRefusePrivateTargetsAtSave() {
        Http http = server.http();
        String key = server.tenant().key();
        String id = http.post("/api/v1/webhooks", key,
                obj("url", "https://93.184.216.34/hook", "events", arr("contact.created"))).expect(201).obj()
                .getString("id");
        String before = DbSnapshot.of(server);
        for (String url : REFUSED) {
            String message = http.post("/api/v1/webhooks", key, obj("url", url, "events", arr("contact.created")))
                    .expectError(400).obj().getString("message");
            assertTrue(message.contains("private"), url + ": " + message);
            http.patch("/api/v1/webhooks/" + id, key, obj("url", url)).expectError(400);
            http.post("/api/v1/workflows", key, obj("name", "W", "steps", arr(obj("type", "WEBHOOK", "url", url))))
                    .expectError(400);
        }
        assertEquals(before, DbSnapshot.of(server));
    }

    @Test
    void theResolvedAddressIsCheckedAgainWhenCalled() throws Exception {
        try (Receiver receiver = new Receiver()) {
            HttpWebhookClient refusing = new HttpWebhookClient(new TargetPolicy(false), Duration.ofSeconds(2));
            for (String url : List.of(receiver.url(), receiver.url().replace("127.0.0.1", "localhost"))) {
                assertThrows(Exception.class, () -> refusing.post(url, Map.of(), "{}".getBytes(), Duration.ofSeconds(2)),
                        url);
            }
            assertTrue(receiver.calls.isEmpty(), "nothing reached the receiver");
            HttpWebhookClient allowing = new HttpWebhookClient(new TargetPolicy(true), Duration.ofSeconds(2));
            assertEquals(204, allowing.post(receiver.url(), Map.of("X-FlowNurture-Timestamp", "1"), "{}".getBytes(),
                    Duration.ofSeconds(2)));
            assertEquals(1, receiver.calls.size());
        }
    }

    @Test
    void privateAddressesAreRecognised() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254",
                "0.0.0.0", "100.100.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
                "::ffff:10.0.0.1", "::ffff:169.254.169.254")) {
            assertTrue(TargetPolicy.isPrivate(InetAddress.getByName(address)), address);
        }
        for (String address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8")) {
            assertFalse(TargetPolicy.isPrivate(InetAddress.getByName(address)), address);
        }
    }
}
