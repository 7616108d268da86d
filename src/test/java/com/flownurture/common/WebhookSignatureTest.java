package com.flownurture.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signing scheme receivers implement, pinned to values computed outside Java
 * ({@code printf '1700000000.{"event":"x","n":1}' | openssl dgst -sha256 -hmac whsec_test}): the tests' receivers
 * check signatures with this same class, so only a fixed vector notices the scheme itself changing.
 */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"event\":\"x\",\"n\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheTimestampDotBodyWithHmacSha256() {
        assertEquals("v1=5558fa67b3d3e9fec9476a9e5b6c284ba5ee91743521f1a9992558172490bb01",
                WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY));
        assertEquals("v1=f08a38690d39350a173a52d860736a201bdd6370ea8ed8a20c1b2bbb52b5ffd1",
                WebhookSignature.sign("clé", "1700000000", BODY), "the secret's UTF-8 bytes are the key");
    }

    @Test
    void theHeadersCarryTimestampSignatureAndDeliveryInThatOrder() {
        Map<String, String> headers = WebhookSignature.headers("whsec_test", 1_700_000_000L, "d1", BODY);
        assertEquals(List.of("X-FlowNurture-Timestamp", "X-FlowNurture-Signature", "X-FlowNurture-Delivery"),
                List.copyOf(headers.keySet()));
        assertEquals("1700000000", headers.get(WebhookSignature.TIMESTAMP));
        assertEquals(WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY), headers.get(WebhookSignature.SIGNATURE));
        assertEquals("d1", headers.get(WebhookSignature.DELIVERY));
    }

    @Test
    void comparisonIsExactAndRefusesAMissingValue() {
        String signature = WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY);
        assertTrue(Signatures.same(signature, signature));
        assertFalse(Signatures.same(signature, signature.toUpperCase()));
        assertFalse(Signatures.same(signature, null));
    }
}
