package com.flownurture.webhooks;

import com.flownurture.db.Database;
import com.flownurture.secrets.SealedColumn;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed column of {@code webhook_subscriptions}, each subscription's signing secret, for the key rotation. */
public final class SealedSubscriptions {

    private SealedSubscriptions() {
    }

    /** The column with this package's own statements (only the owner runs SQL on its table). */
    public static SealedTable of(Database db) {
        return new SealedColumn(StoredSecret.SUBSCRIPTION_SECRET, db.statement("webhook-secret-unsealed"),
                db.statement("webhook-secret-reseal"));
    }
}
