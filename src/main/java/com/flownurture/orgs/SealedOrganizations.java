package com.flownurture.orgs;

import java.util.List;

import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SealedTable;
import com.flownurture.secrets.StoredSecret;

/** The sealed columns of {@code organizations}, the webhook and bounce secrets, for the key rotation. */
public final class SealedOrganizations implements SealedTable {

    private final Statement webhookUnsealed;
    private final Statement webhookReseal;
    private final Statement bounceUnsealed;
    private final Statement bounceReseal;

    public SealedOrganizations(Database db) {
        this.webhookUnsealed = db.statement("org-webhook-secret-unsealed");
        this.webhookReseal = db.statement("org-webhook-secret-reseal");
        this.bounceUnsealed = db.statement("org-bounce-secret-unsealed");
        this.bounceReseal = db.statement("org-bounce-secret-reseal");
    }

    @Override
    public List<StoredSecret> columns() {
        return List.of(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, StoredSecret.ORGANIZATION_BOUNCE_SECRET);
    }

    @Override
    public List<Value> unsealed(Tx tx, StoredSecret column, String after, String current, int limit) {
        return tx.list(webhook(column) ? webhookUnsealed : bounceUnsealed,
                Params.of("after", after, "current", current, "limit", limit), Value::from);
    }

    @Override
    public long reseal(Tx tx, StoredSecret column, Value value, String sealed) {
        return tx.update(webhook(column) ? webhookReseal : bounceReseal,
                Params.of("sealed", sealed, "id", value.id(), "stored", value.stored()));
    }

    private static boolean webhook(StoredSecret column) {
        return switch (column) {
            case ORGANIZATION_WEBHOOK_SECRET -> true;
            case ORGANIZATION_BOUNCE_SECRET -> false;
            default -> throw new IllegalArgumentException("organizations has no column " + column.column());
        };
    }
}
