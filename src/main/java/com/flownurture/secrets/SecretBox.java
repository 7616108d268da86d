package com.flownurture.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens the secrets the database holds: AES-256-GCM from the JDK with a random 96-bit nonce per value, in
 * the envelope {@code v1:<keyId>:<base64url(nonce | ciphertext | tag)>}. The associated data binds each value to
 * its column and organization ({@link StoredSecret}). A stored value that is not an envelope is a plaintext written
 * before encryption existed: it opens as itself until {@link StoredSecrets#reseal} seals it. Thread-safe: a
 * {@link Cipher} is made per call.
 */
public final class SecretBox {

    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(SecretKeys keys) {
        this.keys = keys;
    }

    /** The key ring. */
    public SecretKeys keys() {
        return keys;
    }

    /**
     * Seals a secret of an organization with the current key.
     *
     * @return the envelope to store, or null for null
     */
    public String seal(StoredSecret what, String orgId, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        SecretKeys.Key key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(what, orgId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] envelope = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(envelope);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret of " + what.column() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a stored secret of an organization.
     *
     * @return the secret, or null for null; a value stored before encryption existed, as it is
     * @throws IllegalStateException when no key given opens it, or it was changed or moved
     */
    public String open(StoredSecret what, String orgId, String stored) {
        if (stored == null || !stored.startsWith(VERSION)) {
            return stored;
        }
        int colon = stored.indexOf(':', VERSION.length());
        if (colon < 0) {
            throw corrupt(what);
        }
        String keyId = stored.substring(VERSION.length(), colon);
        SecretKeys.Key key = keys.byId(keyId).orElseThrow(() -> new IllegalStateException("a stored secret of "
                + what.column() + " is sealed with key " + keyId + ", which this server was not given"));
        byte[] envelope;
        try {
            envelope = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw corrupt(what);
        }
        if (envelope.length < NONCE_BYTES + TAG_BITS / 8) {
            throw corrupt(what);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, envelope, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(what, orgId));
            byte[] plaintext = cipher.doFinal(envelope, NONCE_BYTES, envelope.length - NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw corrupt(what);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a secret of " + what.column() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] associatedData(StoredSecret what, String orgId) {
        return ("flownurture:" + what.column() + ":" + orgId).getBytes(StandardCharsets.UTF_8);
    }

    private static IllegalStateException corrupt(StoredSecret what) {
        return new IllegalStateException("a stored secret of " + what.column()
                + " failed its integrity check: it was changed, or copied from another row");
    }
}
