package com.flownurture.secrets;

import java.util.List;

import com.flownurture.db.Row;
import com.flownurture.db.Tx;

/**
 * A table with sealed columns, as the rotation ({@link StoredSecrets#reseal}) reads and writes them. The table's
 * owner implements it with statements of its own file, since only the owner writes its table; the composition
 * root hands every one to {@link StoredSecrets}.
 */
public interface SealedTable {

    /** A value to reseal: its row's id, the organization (or API key) sealed into it, and the stored envelope. */
    record Value(String id, String orgId, String stored) {

        /** Maps a row with the columns {@code id}, {@code org_id} and {@code stored}. */
        public static Value from(Row row) {
            return new Value(row.string("id"), row.string("org_id"), row.string("stored"));
        }
    }

    /** The columns of this table that hold sealed values. */
    List<StoredSecret> columns();

    /**
     * The next values of a column, in the order of their rows' ids, after {@code after}, that are not sealed with
     * the current key.
     *
     * @param current the current key's envelope prefix as a LIKE pattern ({@code v1:<key id>:%})
     * @param limit   the most values to return
     */
    List<Value> unsealed(Tx tx, StoredSecret column, String after, String current, int limit);

    /**
     * Replaces a value with its new envelope, unless it changed since it was read.
     *
     * @return the rows changed: 1, or 0 when the value changed meanwhile
     */
    long reseal(Tx tx, StoredSecret column, Value value, String sealed);
}
