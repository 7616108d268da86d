package com.flownurture.idempotency;

import java.util.List;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed column of {@code idempotency_keys}, the kept responses, for the key rotation. */
public final class SealedResponses implements SealedTable {

    private final Statement unsealed;
    private final Statement reseal;

    public SealedResponses(Database db) {
        this.unsealed = db.statement("idempotency-response-unsealed");
        this.reseal = db.statement("idempotency-response-reseal");
    }

    @Override
    public List<StoredSecret> columns() {
        return List.of(StoredSecret.IDEMPOTENT_RESPONSE);
    }

    @Override
    public List<Value> unsealed(Tx tx, StoredSecret column, String after, String current, int limit) {
        return tx.list(unsealed, Params.of("after", after, "current", current, "limit", limit), Value::from);
    }

    @Override
    public long reseal(Tx tx, StoredSecret column, Value value, String sealed) {
        return tx.update(reseal, Params.of("sealed", sealed, "id", value.id(), "stored", value.stored()));
    }
}
