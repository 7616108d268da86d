package com.flownurture.idempotency;

import com.flownurture.db.Database;
import com.flownurture.secrets.SealedColumn;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed column of {@code idempotency_keys}, the kept responses, for the key rotation. */
public final class SealedResponses {

    private SealedResponses() {
    }

    /** The column with this package's own statements (only the owner runs SQL on its table). */
    public static SealedTable of(Database db) {
        return new SealedColumn(StoredSecret.IDEMPOTENT_RESPONSE, db.statement("idempotency-response-unsealed"),
                db.statement("idempotency-response-reseal"));
    }
}
