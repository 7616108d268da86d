package com.flownurture.db;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbStatementDml;
import io.helidon.dbclient.DbStatementGet;
import io.helidon.dbclient.DbStatementQuery;

/**
 * Helidon's DbExecute under {@link Tx} and {@link Database#read}'s reads, only while the features move to
 * {@link Reads} and {@link Tx}: it goes when the last of them has.
 */
@Deprecated
abstract class LegacyExecute implements DbExecute {

    private final DbExecute delegate;

    LegacyExecute(DbExecute delegate) {
        this.delegate = delegate;
    }

    @Override @Deprecated public DbStatementQuery createNamedQuery(String name, String sql) {
        return delegate.createNamedQuery(name, sql);
    }

    @Override @Deprecated public DbStatementQuery createNamedQuery(String name) {
        return delegate.createNamedQuery(name);
    }

    @Override @Deprecated public DbStatementQuery createQuery(String sql) {
        return delegate.createQuery(sql);
    }

    @Override @Deprecated public DbStatementGet createNamedGet(String name, String sql) {
        return delegate.createNamedGet(name, sql);
    }

    @Override @Deprecated public DbStatementGet createNamedGet(String name) {
        return delegate.createNamedGet(name);
    }

    @Override @Deprecated public DbStatementGet createGet(String sql) {
        return delegate.createGet(sql);
    }

    @Override @Deprecated public DbStatementDml createNamedInsert(String name) {
        return delegate.createNamedInsert(name);
    }

    @Override @Deprecated public DbStatementDml createInsert(String sql) {
        return delegate.createInsert(sql);
    }

    @Override @Deprecated public DbStatementDml createNamedUpdate(String name) {
        return delegate.createNamedUpdate(name);
    }

    @Override @Deprecated public DbStatementDml createUpdate(String sql) {
        return delegate.createUpdate(sql);
    }

    @Override @Deprecated public DbStatementDml createNamedDelete(String name) {
        return delegate.createNamedDelete(name);
    }

    @Override @Deprecated public DbStatementDml createDelete(String sql) {
        return delegate.createDelete(sql);
    }

    @Override @Deprecated public DbStatementDml createNamedDmlStatement(String name, String sql) {
        return delegate.createNamedDmlStatement(name, sql);
    }

    @Override @Deprecated public DbStatementDml createNamedDmlStatement(String name) {
        return delegate.createNamedDmlStatement(name);
    }

    @Override @Deprecated public DbStatementDml createDmlStatement(String sql) {
        return delegate.createDmlStatement(sql);
    }

    @Override @Deprecated public <C> C unwrap(Class<C> type) {
        return delegate.unwrap(type);
    }
}
