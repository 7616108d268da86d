package com.flownurture.secrets;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import com.flownurture.common.InvalidInputException;
import com.flownurture.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The envelope on its own: what seals opens, only for its column and organization, and only with its key. */
class SecretBoxTest {

    private static final StoredSecret COLUMN = StoredSecret.SUBSCRIPTION_SECRET;

    @TempDir
    Path dir;

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private SecretBox box(String key, String... previous) {
        return new SecretBox(SecretKeys.load(new AppConfig.Secrets(key, null, List.of(previous)),
                dir.resolve("test.db"), true));
    }

    @Test
    void aSealedValueOpensAndEachSealIsDifferent() {
        SecretBox box = box(newKey());
        String first = box.seal(COLUMN, "org1", "whsec_secret");
        String second = box.seal(COLUMN, "org1", "whsec_secret");
        assertNotEquals(first, second, "a random nonce per value");
        assertTrue(first.startsWith("v1:" + box.keys().currentId() + ":"), first);
        assertFalse(first.contains("whsec_secret"));
        assertEquals("whsec_secret", box.open(COLUMN, "org1", first));
        assertEquals("whsec_secret", box.open(COLUMN, "org1", second));
        assertNull(box.seal(COLUMN, "org1", null));
        assertNull(box.open(COLUMN, "org1", null));
    }

    @Test
    void aValueMovedToAnotherOrganizationOrColumnOrChangedDoesNotOpen() {
        SecretBox box = box(newKey());
        String sealed = box.seal(COLUMN, "org1", "whsec_secret");
        assertThrows(IllegalStateException.class, () -> box.open(COLUMN, "org2", sealed));
        assertThrows(IllegalStateException.class,
                () -> box.open(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, "org1", sealed));
        char last = sealed.charAt(sealed.length() - 2);
        String changed = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThrows(IllegalStateException.class, () -> box.open(COLUMN, "org1", changed));
        assertThrows(IllegalStateException.class, () -> box.open(COLUMN, "org1", "v1:" + box.keys().currentId()
                + ":!!"));
    }

    @Test
    void plaintextOpensAsItselfAndOnlyTheRingsKeysOpen() {
        String oldKey = newKey();
        String newKey = newKey();
        String sealedWithOld = box(oldKey).seal(COLUMN, "org1", "old");
        assertEquals("plain", box(newKey).open(COLUMN, "org1", "plain"), "stored before encryption existed");
        assertEquals("old", box(newKey, oldKey).open(COLUMN, "org1", sealedWithOld), "a previous key opens");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> box(newKey).open(COLUMN, "org1", sealedWithOld));
        assertFalse(missing.getMessage().contains(oldKey), "names the key by id only");
    }

    @Test
    void aKeyThatIsNotTheBase64Of32BytesIsAUsageError() {
        assertThrows(InvalidInputException.class, () -> box("short"));
        assertThrows(InvalidInputException.class,
                () -> box(Base64.getEncoder().encodeToString(new byte[16])));
        InvalidInputException previous = assertThrows(InvalidInputException.class, () -> box(newKey(), "%%%"));
        assertTrue(previous.getMessage().startsWith("secrets.previous-keys"), previous.getMessage());
    }

    @Test
    void withNoKeyGivenOneIsGeneratedOnceBesideTheDatabase() {
        SecretBox first = box("");
        SecretBox again = box("");
        assertEquals(first.keys().currentId(), again.keys().currentId(), "read back, not made again");
        assertTrue(dir.resolve(SecretKeys.GENERATED_FILE).toFile().isFile());
        assertEquals("x", again.open(COLUMN, "org1", first.seal(COLUMN, "org1", "x")));
    }
}
