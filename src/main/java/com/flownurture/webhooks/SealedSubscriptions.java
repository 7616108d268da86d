package com.flownurture.webhooks;

import java.util.List;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed column of {@code webhook_subscriptions}, each subscription's signing secret, for the key rotation. */
public final class SealedSubscriptions implements SealedTable {

    private final Statement unsealed;
    private final Statement reseal;

    public SealedSubscriptions(Database db) {
        this.unsealed = db.statement("webhook-secret-unsealed");
        this.reseal = db.statement("webhook-secret-reseal");
    }

    @Override
    public List<StoredSecret> columns() {
        return List.of(StoredSecret.SUBSCRIPTION_SECRET);
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
