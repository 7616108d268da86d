package com.flownurture.messages;

import com.flownurture.db.Database;
import com.flownurture.secrets.SealedColumn;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed column of {@code messages}, each message's tracking key, for the key rotation. */
public final class SealedMessages {

    private SealedMessages() {
    }

    /** The column with this package's own statements (only the owner runs SQL on its table). */
    public static SealedTable of(Database db) {
        return new SealedColumn(StoredSecret.MESSAGE_TRACKING_KEY, db.statement("message-tracking-key-unsealed"),
                db.statement("message-tracking-key-reseal"));
    }
}
