package com.flownurture.db;

/**
 * The two databases the server runs on. Where their SQL differs, the difference is named here once: the migration
 * folder, the folder of statements that replace the common ones of the same name, and the few expressions the
 * segment compiler builds at run time.
 */
public enum Dialect {
    /** One file, one writer thread: the embedded default. */
    SQLITE("sqlite"),
    /** PostgreSQL 15+, shared by several server instances. */
    POSTGRES("postgres");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The folder name under {@code db/migration/} and {@code sql/} that holds this dialect's own files. */
    public String folder() {
        return folder;
    }
}
