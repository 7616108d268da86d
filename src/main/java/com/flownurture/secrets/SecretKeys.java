package com.flownurture.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Sha256;
import com.flownurture.config.AppConfig;
import com.flownurture.db.PrivateFiles;

/**
 * The key ring of secrets at rest: the current key, which seals, and the previous keys, which only open what they
 * sealed before a rotation. Each key is named by an id derived from it (the first 4 bytes of a SHA-256 over it, in
 * hex), written into every envelope, so a value says which key opens it without revealing the key. A bad key is a
 * usage error ({@link InvalidInputException}: exit 2) whose message never holds the key. Immutable; thread-safe.
 */
public final class SecretKeys {

    private static final System.Logger LOG = System.getLogger(SecretKeys.class.getName());
    private static final int KEY_BYTES = 32;
    /** The generated key's file, beside the SQLite database path. */
    static final String GENERATED_FILE = "secret.key";

    /** One AES-256 key and its id. */
    record Key(String id, SecretKeySpec spec) {
        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final Key current;
    private final Map<String, Key> byId;

    private SecretKeys(Key current, List<Key> previous) {
        this.current = current;
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        previous.forEach(key -> keys.putIfAbsent(key.id(), key));
        this.byId = Map.copyOf(keys);
    }

    /**
     * The ring the configuration gives: {@code secrets.key}, else {@code secrets.key-file}, else the generated
     * {@code secret.key} beside {@code databasePath}, made here on first start.
     *
     * @param firstStart whether the database has sealed nothing yet; a database that has (a command run with
     *                   {@code --db} from another folder) gets no new key file beside it, which could never open
     *                   it, but a clear error
     */
    public static SecretKeys load(AppConfig.Secrets config, Path databasePath, boolean firstStart) {
        Key current;
        if (!config.key().isBlank()) {
            current = parse(config.key(), "secrets.key");
        } else if (config.keyFile() != null) {
            current = parse(read(config.keyFile(), "secrets.key-file"), "the key in secrets.key-file");
        } else {
            Path file = databasePath.toAbsolutePath().resolveSibling(GENERATED_FILE);
            if (!firstStart && !Files.exists(file)) {
                throw new InvalidInputException("the database holds sealed secrets, but no secrets.key was given and"
                        + " there is no " + file + ": set secrets.key (FLOWNURTURE_SECRET_KEY) to the key that sealed"
                        + " them (docs/security.md, Secrets at rest)");
            }
            current = parse(generatedKey(file), "the key in " + GENERATED_FILE);
        }
        List<Key> previous = new ArrayList<>();
        for (String key : config.previousKeys()) {
            previous.add(parse(key, "secrets.previous-keys"));
        }
        return new SecretKeys(current, previous);
    }

    /** The id of the key that seals. */
    public String currentId() {
        return current.id();
    }

    /** The ids of every key given, current first. */
    public Set<String> ids() {
        return byId.keySet();
    }

    Key current() {
        return current;
    }

    Optional<Key> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static Key parse(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw badKey(where);
        }
        if (bytes.length != KEY_BYTES) {
            throw badKey(where);
        }
        return new Key(idOf(bytes), new SecretKeySpec(bytes, "AES"));
    }

    private static InvalidInputException badKey(String where) {
        return new InvalidInputException(where + " must be the base64 of 32 random bytes (openssl rand -base64 32)");
    }

    private static String idOf(byte[] key) {
        MessageDigest sha = Sha256.digest();
        sha.update("flownurture secret key id\0".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(key), 0, 4);
    }

    private static String read(Path file, String where) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInputException(where + " cannot be read: " + file);
        }
    }

    /**
     * The key in {@code file}, made there on first start so {@code ./run.sh} works with no setup. Written to a
     * temporary file first and linked into place, which fails when another process got there first: instances
     * starting together on one machine end up with the same key.
     */
    private static String generatedKey(Path file) {
        if (Files.exists(file)) {
            List<Path> wider = PrivateFiles.tighten(List.of(file));
            if (!wider.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "The secret key file " + file
                        + " was readable by other users; it is now the owner's only (0600)");
            }
            return read(file, "the secret key file");
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        PrivateFiles.createDirectories(file.getParent());
        // A name of its own per attempt: instances in one process (tests) or several processes may race here.
        Path temporary = file.resolveSibling(GENERATED_FILE + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            PrivateFiles.createFile(temporary);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            LOG.log(System.Logger.Level.INFO, "No secrets.key was given: generated a new secret key into " + file
                    + " (0600). Back it up with the database; without it the stored secrets cannot be read"
                    + " (docs/security.md)");
        } catch (FileAlreadyExistsException e) {
            // Another instance made it meanwhile: use theirs.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret key file " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot remove " + temporary + ": " + e.getMessage());
            }
        }
        return read(file, "the secret key file");
    }
}
