package com.flownurture.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Reads a server's SQLite file from outside the server (tests of separate server JVMs). */
public final class ServerDb {

    private ServerDb() {
    }

    /** The first column of the first row of a query, as a long. */
    public static long count(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
