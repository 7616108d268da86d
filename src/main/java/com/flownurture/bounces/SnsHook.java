package com.flownurture.bounces;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.flownurture.common.Json;
import com.flownurture.config.AppConfig;
import com.flownurture.suppressions.SuppressionReason;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Amazon SES bounce and complaint notifications through an SNS topic. Each SNS message is verified as AWS documents:
 * the signing certificate is fetched only from an allowed host ({@code sns.<region>.amazonaws.com} over https), and
 * the signature (SHA1withRSA for SignatureVersion 1, SHA256withRSA for 2) must match the canonical string of the
 * message's fields. A verified SubscriptionConfirmation is confirmed by fetching its SubscribeURL (same host rule).
 * A Notification's signed {@code Timestamp} must be within the window, and its {@code MessageId} (which SNS keeps
 * when it retries) identifies it against replays. Thread-safe; certificates are cached by URL.
 */
public final class SnsHook implements ProviderHook {

    private static final List<String> NOTIFICATION = List.of("Message", "MessageId", "Subject", "Timestamp",
            "TopicArn", "Type");
    private static final List<String> CONFIRMATION = List.of("Message", "MessageId", "SubscribeURL", "Timestamp",
            "Token", "TopicArn", "Type");

    private final Pattern host;
    private final String scheme;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Cache<String, X509Certificate> certificates = Caffeine.newBuilder().maximumSize(32)
            .expireAfterWrite(Duration.ofHours(24)).build();

    public SnsHook(AppConfig.Bounces config) {
        this.host = Pattern.compile(config.snsCertificateHost());
        this.scheme = config.snsCertificateScheme();
    }

    private static final String REFUSAL = "Bad SNS signature";

    @Override
    public String refusal() {
        return REFUSAL;
    }

    @Override
    public Report read(HookRequest request) {
        JsonObject sns;
        try {
            sns = request.json().asJsonObject();
        } catch (RuntimeException e) {
            throw new BadSignatureException("Not an SNS message");
        }
        String type = sns.getString("Type", "");
        verify(sns, type.equals("Notification") ? NOTIFICATION : CONFIRMATION);
        if (type.equals("SubscriptionConfirmation")) {
            // Confirming twice is harmless, and a confirmation remembered before its fetch failed would never be
            // retried: confirmations are not remembered.
            fetch(allowed(sns.getString("SubscribeURL")));
            return new Report(List.of(), null);
        }
        if (!type.equals("Notification")) {
            return new Report(List.of(), null);
        }
        long until;
        try {
            until = request.freshUntilMillis(java.time.Instant.parse(sns.getString("Timestamp")).toEpochMilli());
        } catch (java.time.format.DateTimeParseException | NullPointerException | ClassCastException e) {
            throw new BadSignatureException("The SNS message has no valid Timestamp");
        }
        return new Report(bounces(sns.getString("Message")), Replay.of(until, "ses", sns.getString("MessageId")));
    }

    private void verify(JsonObject sns, List<String> fields) {
        try {
            StringBuilder canonical = new StringBuilder();
            for (String field : fields) {
                if (sns.containsKey(field) && sns.get(field).getValueType() == JsonValue.ValueType.STRING) {
                    canonical.append(field).append('\n').append(sns.getString(field)).append('\n');
                }
            }
            String algorithm = switch (sns.getString("SignatureVersion", "")) {
                case "1" -> "SHA1withRSA";
                case "2" -> "SHA256withRSA";
                default -> throw new BadSignatureException("Unknown SNS SignatureVersion");
            };
            URI certificateUrl = allowed(sns.getString("SigningCertURL"));
            X509Certificate certificate = certificates.get(certificateUrl.toString(), url -> certificate(certificateUrl));
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(certificate.getPublicKey());
            signature.update(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!signature.verify(Base64.getDecoder().decode(sns.getString("Signature")))) {
                throw new BadSignatureException(REFUSAL);
            }
        } catch (BadSignatureException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadSignatureException("Bad or missing SNS signature");
        }
    }

    /** The URL, when it is on an allowed SNS host; anything else (another host, a port trick) is refused. */
    private URI allowed(String url) {
        URI uri = URI.create(url);
        if (!scheme.equals(uri.getScheme()) || uri.getHost() == null || !host.matcher(uri.getHost()).matches()
                || uri.getUserInfo() != null) {
            throw new BadSignatureException("SNS URL not on an allowed host: " + uri.getHost());
        }
        return uri;
    }

    private X509Certificate certificate(URI url) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(fetch(url)));
        } catch (GeneralSecurityException e) {
            throw new BadSignatureException("The SNS signing certificate is not readable");
        }
    }

    private byte[] fetch(URI url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new BadSignatureException("SNS answered " + response.statusCode() + " for " + url.getHost());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new BadSignatureException("SNS could not be reached at " + url.getHost());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadSignatureException("Interrupted");
        }
    }

    /** The bounces or complaint in an SES notification (the SNS message's {@code Message}, itself JSON). */
    private static List<Bounce> bounces(String message) {
        JsonObject ses;
        try (var reader = Json.createReader(new java.io.StringReader(message))) {
            ses = reader.readObject();
        }
        String kind = ses.getString("notificationType", ses.getString("eventType", ""));
        String messageId = messageId(ses.getJsonObject("mail"));
        List<Bounce> bounces = new ArrayList<>();
        if (kind.equals("Bounce")) {
            JsonObject bounce = ses.getJsonObject("bounce");
            SuppressionReason type = "Permanent".equals(bounce.getString("bounceType", ""))
                    ? SuppressionReason.HARD_BOUNCE : SuppressionReason.SOFT_BOUNCE;
            for (JsonValue r : bounce.getJsonArray("bouncedRecipients")) {
                JsonObject recipient = r.asJsonObject();
                bounces.add(new Bounce(type, recipient.getString("emailAddress"), messageId,
                        recipient.getString("diagnosticCode", bounce.getString("bounceSubType", null))));
            }
        } else if (kind.equals("Complaint")) {
            JsonObject complaint = ses.getJsonObject("complaint");
            for (JsonValue r : complaint.getJsonArray("complainedRecipients")) {
                bounces.add(new Bounce(SuppressionReason.COMPLAINT, r.asJsonObject().getString("emailAddress"),
                        messageId, complaint.getString("complaintFeedbackType", null)));
            }
        }
        return bounces;
    }

    private static String messageId(JsonObject mail) {
        if (mail == null) {
            return null;
        }
        JsonObject common = mail.getJsonObject("commonHeaders");
        if (common != null && common.containsKey("messageId")) {
            return common.getString("messageId");
        }
        for (JsonValue h : mail.getJsonArray("headers") == null ? List.<JsonValue>of() : mail.getJsonArray("headers")) {
            if (h.asJsonObject().getString("name", "").equalsIgnoreCase("Message-ID")) {
                return h.asJsonObject().getString("value");
            }
        }
        return null;
    }
}
