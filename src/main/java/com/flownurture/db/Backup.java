package com.flownurture.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** A consistent copy of the SQLite file, written while the server keeps serving. */
final class Backup {

    private Backup() {
    }

    /**
     * Writes a copy of the database to a new file ({@code VACUUM INTO} reads one snapshot; writers carry on in the
     * WAL).
     *
     * @return the copy's size in bytes
     * @throws IllegalArgumentException when the target exists
     */
    static long to(DataSource dataSource, Path target) {
        Path file = target.toAbsolutePath();
        try {
            // Made 0600 before SQLite writes into it: the copy holds the same secrets as the database.
            PrivateFiles.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("backup target already exists: " + file);
        } catch (IOException e) {
            throw new IllegalStateException("backup failed: " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, file.toString());
            statement.execute();
            return Files.size(file);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("backup failed: " + e.getMessage(), e);
        }
    }
}
