package com.flownurture.bounces;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.flownurture.common.Json;
import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import com.sun.net.httpserver.HttpServer;
import io.helidon.http.Method;
import jakarta.json.JsonObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.flownurture.support.GenericBounces.sign;
import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounce and complaint webhooks with payloads signed by keys made here: the organization's webhook secret (generic),
 * a Mailgun HMAC key, a SendGrid ECDSA P-256 key pair, Postmark Basic credentials, and an RSA key with a self-signed
 * certificate served by a local stand-in for {@code sns.*.amazonaws.com}. Unsigned, tampered and stale posts are 401
 * and change nothing.
 */
class BounceHooksTest {

    private static final String MAILGUN_KEY = "mailgun-signing-key-for-tests";
    private static KeyPair sendgrid;
    private static KeyPair sns;
    private static HttpServer amazon;
    private static final AtomicInteger confirmations = new AtomicInteger();
    private static final java.util.List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static TestApp server;
    private Http http;
    private TestApp.Tenant tenant;
    private String secret;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        sendgrid = ec.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        sns = rsa.generateKeyPair();
        String pem = selfSignedPem(sns);
        amazon = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        amazon.createContext("/cert.pem", exchange -> {
            byte[] body = pem.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        amazon.createContext("/confirm", exchange -> {
            confirmations.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        amazon.start();
        server = TestApp.start(Map.of("engine.enabled", "true", "engine.tick-ms", "20",
                "bounces.mailgun.signing-key", MAILGUN_KEY,
                "bounces.sendgrid.public-key", Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded()),
                "bounces.postmark.username", "postmark", "bounces.postmark.password", "s3cret",
                "bounces.sns.certificate-host", "127\\.0\\.0\\.1", "bounces.sns.certificate-scheme", "http"));
        // What webhook subscriptions and triggers would hear: the type of every message change.
        server.app().components().changes().subscribe((tx, change) -> {
            if (change instanceof com.flownurture.changes.Change.MessageChanged m) {
                published.add(m.messageId() + " " + change.type());
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        amazon.stop(0);
    }

    @BeforeEach
    void newTenant() {
        http = server.http();
        tenant = server.tenant();
        secret = server.app().components().orgs().bounceSecret(tenant.orgId()).orElseThrow();
    }

    @Test
    void theGenericHookTakesSignedEventsMatchesTheMessageAndRefusesTheRest() {
        JsonObject message = server.api(tenant).sendEmail("generic@example.com");
        String body = obj("events", arr(obj("type", "HARD_BOUNCE", "messageId", message.getString("messageId"),
                "detail", "550 5.1.1 user unknown"))).toString();
        long now = server.clock().millis() / 1000;
        String path = "/hooks/bounces/generic/" + tenant.orgId();

        String otherSecret = server.app().components().orgs().bounceSecret(server.tenant().orgId()).orElseThrow();
        String before = DbSnapshot.of(server);
        assertEquals(401, post(path, body, Map.of()).status(), "unsigned");
        assertEquals(401, post(path, body.replace("HARD", "SOFT"), sign(now, body, secret)).status(), "tampered");
        assertEquals(401, post(path, body, sign(now - 3600, body, secret)).status(), "stale");
        assertEquals(401, post(path, body, sign(now, body, otherSecret)).status(), "another org's secret");
        assertEquals(before, DbSnapshot.of(server), "refused posts change nothing");
        assertEquals(404, post("/hooks/bounces/nobody/" + tenant.orgId(), body, sign(now, body, secret)).status());
        assertEquals(401, post("/hooks/bounces/generic/no-such-org", body, sign(now, body, secret)).status());

        Http.Response ok = post(path, body, sign(now, body, secret));
        assertEquals(200, ok.status(), ok.body());
        assertEquals(1, ok.obj().getInt("recorded"));
        JsonObject detail = http.get("/api/v1/messages/" + message.getString("id"), tenant.key()).expect(200).obj();
        assertEquals("BOUNCED", detail.getString("status"));
        assertTrue(published.contains(message.getString("id") + " message.bounced"), published.toString());
        JsonObject event = detail.getJsonArray("events").getJsonObject(0);
        assertEquals("HARD_BOUNCE", event.getString("type"));
        assertEquals("generic", event.getString("source"));
        assertEquals("550 5.1.1 user unknown", event.getString("detail"));
        JsonObject entry = suppressions().getJsonObject(0);
        assertEquals("generic@example.com", entry.getString("email"));
        assertEquals("HARD_BOUNCE", entry.getString("reason"));
        http.get("/api/v1/messages/" + message.getString("id"), server.tenant().key()).expectError(404);

        String bad = "{\"events\":[{\"type\":\"LOST\",\"email\":\"x@example.com\"}]}";
        assertEquals(400, post(path, bad, sign(now, bad, secret)).status());
    }

    @Test
    void mailgunComplaintsAreCheckedByHmac() {
        long now = server.clock().millis() / 1000;
        String token = "a".repeat(50);
        String signature = hmac(MAILGUN_KEY, now + token);
        String path = "/hooks/bounces/mailgun/" + tenant.orgId();
        JsonObject event = obj("event", "complained", "recipient", "mg@example.com");
        String signed = obj("signature", obj("timestamp", Long.toString(now), "token", token, "signature", signature),
                "event-data", event).toString();
        String tampered = signed.replace(token, token + "b");
        assertEquals(401, post(path, tampered, Map.of()).status());
        assertEquals(401, post(path, obj("event-data", event).toString(), Map.of()).status(), "unsigned");
        assertEquals(0, suppressions().size());
        assertEquals(200, post(path, signed, Map.of()).status());
        assertEquals("COMPLAINT", suppressions().getJsonObject(0).getString("reason"));
        assertTrue(post(path, signed, Map.of()).obj().getBoolean("duplicate"), "the token was seen: a replay");
        assertTrue(post("/hooks/bounces/mailgun/" + server.tenant().orgId(), signed, Map.of()).obj()
                .getBoolean("duplicate"), "on another organization's path too (the signature does not cover it)");
        Http.Response unknown = post("/hooks/bounces/mailgun/no-such-org", signed, Map.of());
        assertEquals(401, unknown.status());
        assertEquals(post(path, tampered, Map.of()).body(), unknown.body(), "as a bad signature");
    }

    @Test
    void sendgridEventsAreCheckedByEcdsa() throws Exception {
        String body = "[{\"email\":\"sg@example.com\",\"event\":\"bounce\",\"type\":\"bounce\",\"status\":\"5.1.1\","
                + "\"reason\":\"no such user\"},{\"email\":\"sg2@example.com\",\"event\":\"spamreport\"},"
                + "{\"email\":\"sg3@example.com\",\"event\":\"open\"}]";
        String timestamp = Long.toString(server.clock().millis() / 1000);
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(sendgrid.getPrivate());
        ecdsa.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("X-Twilio-Email-Event-Webhook-Timestamp", timestamp,
                "X-Twilio-Email-Event-Webhook-Signature", Base64.getEncoder().encodeToString(ecdsa.sign()));
        String path = "/hooks/bounces/sendgrid/" + tenant.orgId();
        assertEquals(401, post(path, body, Map.of()).status());
        assertEquals(401, post(path, body.replace("sg@", "sx@"), headers).status());
        assertEquals(0, suppressions().size());
        Http.Response ok = post(path, body, headers);
        assertEquals(2, ok.obj().getInt("recorded"), ok.body());
        Http.Response again = post(path, body, headers);
        assertEquals(0, again.obj().getInt("recorded"), again.body());
        assertTrue(again.obj().getBoolean("duplicate"));
        assertEquals("5.1.1 no such user", http.get("/api/v1/suppressions?reason=HARD_BOUNCE", tenant.key()).arr()
                .getJsonObject(0).getString("detail"));
        assertEquals(1, http.get("/api/v1/suppressions?reason=COMPLAINT", tenant.key()).arr().size());
    }

    @Test
    void postmarkNeedsItsBasicCredentials() {
        String body = "{\"RecordType\":\"Bounce\",\"ID\":4242,\"Type\":\"HardBounce\",\"Email\":\"pm@example.com\","
                + "\"Details\":\"smtp;550 5.1.1 The email account does not exist\"}";
        String path = "/hooks/bounces/postmark/" + tenant.orgId();
        String good = "Basic " + Base64.getEncoder().encodeToString("postmark:s3cret".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("postmark:guess".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post(path, body, Map.of()).status());
        assertEquals(401, post(path, body, Map.of("Authorization", bad)).status());
        assertEquals(0, suppressions().size());
        assertEquals(200, post(path, body, Map.of("Authorization", good)).status());
        assertTrue(post(path, body, Map.of("Authorization", good)).obj().getBoolean("duplicate"), "the ID was seen");
        assertEquals("HARD_BOUNCE", suppressions().getJsonObject(0).getString("reason"));
    }

    @Test
    void sesThroughSnsVerifiesTheCertificateAndConfirmsSubscriptions() throws Exception {
        String path = "/hooks/bounces/ses/" + tenant.orgId();
        String certUrl = "http://127.0.0.1:" + amazon.getAddress().getPort() + "/cert.pem";
        int confirmed = confirmations.get();
        JsonObject confirm = sns(Map.of("Type", "SubscriptionConfirmation", "MessageId", "m-1", "Token", "t",
                "TopicArn", "arn:aws:sns:eu-west-1:1:bounces", "Message", "confirm please",
                "SubscribeURL", "http://127.0.0.1:" + amazon.getAddress().getPort() + "/confirm",
                "Timestamp", now().toString()), certUrl, "2");
        assertEquals(200, post(path, confirm.toString(), Map.of()).status());
        assertEquals(confirmed + 1, confirmations.get(), "the subscription was confirmed");

        JsonObject message = server.api(tenant).sendEmail("ses@example.com");
        String ses = Json.createObjectBuilder().add("notificationType", "Bounce")
                .add("bounce", Json.createObjectBuilder().add("bounceType", "Permanent")
                        .add("bouncedRecipients", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("emailAddress", "ses@example.com")
                                .add("diagnosticCode", "smtp; 550 5.1.1 user unknown"))))
                .add("mail", Json.createObjectBuilder().add("commonHeaders", Json.createObjectBuilder()
                        .add("messageId", message.getString("messageId")))).build().toString();
        Map<String, String> fields = Map.of("Type", "Notification", "MessageId", "m-2", "TopicArn",
                "arn:aws:sns:eu-west-1:1:bounces", "Message", ses, "Timestamp", now().toString());
        JsonObject signed = sns(fields, certUrl, "1");
        String before = DbSnapshot.of(server);
        JsonObject tampered = with(signed, "Message", ses.replace("Permanent", "Transient"));
        assertEquals(401, post(path, tampered.toString(), Map.of()).status());
        JsonObject elsewhere = sns(fields, "http://evil.example.com/cert.pem", "1");
        assertEquals(401, post(path, elsewhere.toString(), Map.of()).status(), "certificate from another host");
        JsonObject unsigned = with(signed, "Signature", null);
        assertEquals(401, post(path, unsigned.toString(), Map.of()).status());
        assertEquals(before, DbSnapshot.of(server));

        JsonObject stale = sns(Map.of("Type", "Notification", "MessageId", "m-3", "TopicArn",
                "arn:aws:sns:eu-west-1:1:bounces", "Message", ses, "Timestamp", now().minusSeconds(3600).toString()),
                certUrl, "1");
        assertEquals(401, post(path, stale.toString(), Map.of()).status(), "a Timestamp outside the window");
        assertEquals(before, DbSnapshot.of(server));

        assertEquals(200, post(path, signed.toString(), Map.of()).status());
        assertTrue(post(path, signed.toString(), Map.of()).obj().getBoolean("duplicate"), "the MessageId was seen");
        assertEquals("BOUNCED", http.get("/api/v1/messages/" + message.getString("id"), tenant.key()).obj()
                .getString("status"));
        assertEquals("smtp; 550 5.1.1 user unknown", suppressions().getJsonObject(0).getString("detail"));
    }

    private static Instant now() {
        return server.clock().instant();
    }

    /** An SNS message with the fields given, signed as SNS signs (the canonical string of its fields). */
    private static JsonObject sns(Map<String, String> fields, String certUrl, String version) throws Exception {
        List<String> order = fields.get("Type").equals("Notification")
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String name : order) {
            if (fields.containsKey(name)) {
                canonical.append(name).append('\n').append(fields.get(name)).append('\n');
            }
        }
        Signature rsa = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
        rsa.initSign(sns.getPrivate());
        rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        var json = Json.createObjectBuilder();
        fields.forEach(json::add);
        return json.add("SignatureVersion", version).add("SigningCertURL", certUrl)
                .add("Signature", Base64.getEncoder().encodeToString(rsa.sign())).build();
    }

    /** A copy of the object with one field replaced, or removed when {@code value} is null. */
    private static JsonObject with(JsonObject object, String name, String value) {
        var json = Json.createObjectBuilder();
        object.forEach((k, v) -> {
            if (!k.equals(name)) {
                json.add(k, v);
            }
        });
        return value == null ? json.build() : json.add(name, value).build();
    }

    private static String selfSignedPem(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=sns.eu-west-1.amazonaws.com");
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaX509CertificateConverter().getCertificate(holder));
        }
        return pem.toString();
    }

    private jakarta.json.JsonArray suppressions() {
        return http.get("/api/v1/suppressions", tenant.key()).expect(200).arr();
    }

    private static String hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Http.Response post(String path, String body, Map<String, String> headers) {
        return http.send(Method.POST, path, headers, "application/json", body);
    }
}
