package com.flownurture.secrets;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.flownurture.common.InvalidInputException;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/**
 * The stored secrets as a whole: the start-up check that this server holds every key the database's values were
 * sealed with ({@code secret_keys}), the sealing of values an older version stored in plain text, and the rotation
 * that re-encrypts every value with the current key. Thread-safe.
 */
public final class StoredSecrets {

    private static final System.Logger LOG = System.getLogger(StoredSecrets.class.getName());
    /** Rows read at a time while re-encrypting, so a large messages table is never held in memory. */
    private static final int PAGE = 500;

    private final Database db;
    private final SecretBox box;
    private final Clock clock;
    private final List<SealedTable> tables;
    private final Statement keysUsed;
    private final Statement keyRecord;
    private final Statement keysRetire;

    /**
     * @param tables every table with sealed columns, from their owners
     * @throws IllegalArgumentException when the tables do not seal each {@link StoredSecret} exactly once: a
     *                                  column left out would never be re-encrypted
     */
    public StoredSecrets(Database db, SecretBox box, Clock clock, List<SealedTable> tables) {
        this.db = db;
        this.box = box;
        this.clock = clock;
        this.tables = List.copyOf(tables);
        List<StoredSecret> columns = tables.stream().flatMap(t -> t.columns().stream()).toList();
        if (columns.size() != StoredSecret.values().length || !EnumSet.copyOf(columns).containsAll(
                EnumSet.allOf(StoredSecret.class))) {
            throw new IllegalArgumentException("sealed tables must cover each stored secret once: " + columns);
        }
        this.keysUsed = db.statement("secret-keys-used");
        this.keyRecord = db.statement("secret-key-record");
        this.keysRetire = db.statement("secret-keys-retire");
    }

    /** Whether any key has sealed values in this database yet (before a key is loaded: see {@link SecretKeys#load}). */
    public static boolean anyKeyRecorded(Database db) {
        return db.exists(db.statement("secret-keys-used"), Params.of());
    }

    /**
     * At start: refuses a server that lacks a key the stored values need (a usage error, exit 2, naming the key by
     * id only); records the current key before anything is sealed with it; and on the first start with
     * encryption, seals the values stored in plain text. If that start is cut short, the rest stay readable in
     * plain text until {@code secrets rotate}.
     */
    public void startUp() {
        Set<String> used = usedKeys();
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(box.keys().ids());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("the database holds secrets sealed with key " + String.join(", ", missing)
                    + ", which this server was not given: set secrets.key (FLOWNURTURE_SECRET_KEY) to it, or list it"
                    + " in secrets.previous-keys (docs/security.md, Secrets at rest)");
        }
        if (!used.contains(box.keys().currentId())) {
            record();
        }
        if (used.isEmpty()) {
            long sealed = reseal().values().stream().mapToLong(Long::longValue).sum();
            if (sealed > 0) {
                LOG.log(System.Logger.Level.INFO, "Secrets at rest: sealed " + sealed + " stored secrets that an"
                        + " older version kept in plain text, with key " + box.keys().currentId());
            }
        }
    }

    /** What a rotation did: the current key's id, the values re-encrypted per column, the key ids forgotten. */
    public record Rotation(String key, Map<StoredSecret, Long> resealed, Set<String> retired) {
    }

    /**
     * Re-encrypts every stored secret not sealed with the current key (plain text included), one transaction per
     * column, then forgets the other keys: from then on the previous keys can be removed from the configuration.
     * Run it once every instance seals with the new key, or values they seal meanwhile with the old one are missed.
     */
    public Rotation rotate() {
        record();
        Map<StoredSecret, Long> resealed = reseal();
        Set<String> retired = new TreeSet<>(usedKeys());
        retired.remove(box.keys().currentId());
        db.write(tx -> tx.update(keysRetire, Params.of("current", box.keys().currentId())));
        return new Rotation(box.keys().currentId(), resealed, retired);
    }

    private Set<String> usedKeys() {
        return new TreeSet<>(db.list(keysUsed, Params.of(), row -> row.string("key_id")));
    }

    private void record() {
        db.write(tx -> tx.update(keyRecord, Params.of("id", box.keys().currentId(), "now", clock.millis())));
    }

    /** Seals with the current key every value of every column that is not sealed with it yet. */
    Map<StoredSecret, Long> reseal() {
        Map<StoredSecret, Long> counts = new EnumMap<>(StoredSecret.class);
        for (SealedTable table : tables) {
            for (StoredSecret column : table.columns()) {
                counts.put(column, db.write(tx -> {
                    String current = "v1:" + box.keys().currentId() + ":%";
                    long changed = 0;
                    String after = "";
                    while (true) {
                        List<SealedTable.Value> values = table.unsealed(tx, column, after, current, PAGE);
                        for (SealedTable.Value value : values) {
                            String sealed = box.seal(column, value.orgId(), box.open(column, value.orgId(),
                                    value.stored()));
                            changed += table.reseal(tx, column, value, sealed);
                        }
                        if (values.size() < PAGE) {
                            return changed;
                        }
                        after = values.getLast().id();
                    }
                }));
            }
        }
        return counts;
    }
}
