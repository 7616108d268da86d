package com.flownurture.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files only their owner may read: the SQLite database (with its WAL and shared-memory files), its backups and the
 * secret key hold every organization's data and secrets, so they are made 0600 in directories made 0700, whatever
 * the umask. On a file system without POSIX permissions nothing is changed. Stateless; thread-safe.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory and any missing parents, each one made here 0700; existing ones are left alone. */
    public static void createDirectories(Path dir) {
        try {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new empty file, 0600 from its first moment (never briefly readable by others).
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists
     */
    public static void createFile(Path file) throws IOException {
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
    }

    /**
     * Takes group and other permissions off each existing file given.
     *
     * @return the files that were wider than 0600
     */
    public static List<Path> tighten(List<Path> files) {
        List<Path> tightened = new ArrayList<>();
        if (!POSIX) {
            return tightened;
        }
        for (Path file : files) {
            try {
                if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
                    Files.setPosixFilePermissions(file, OWNER_FILE);
                    tightened.add(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + file + " readable by its owner only", e);
            }
        }
        return tightened;
    }
}
