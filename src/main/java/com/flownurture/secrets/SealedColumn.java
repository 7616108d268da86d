package com.flownurture.secrets;

import java.util.List;

import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;

/**
 * A table with one sealed column, read and rewritten by two statements of its owner's file: {@code unsealed}
 * (parameters {@code :after}, {@code :current}, {@code :limit}; columns {@code id}, {@code org_id}, {@code stored})
 * and {@code reseal} ({@code :sealed}, {@code :id}, {@code :stored}: unless the value changed meanwhile).
 */
public record SealedColumn(StoredSecret column, Statement unsealed, Statement reseal) implements SealedTable {

    @Override
    public List<StoredSecret> columns() {
        return List.of(column);
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
