package com.flownurture.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.common.Json;
import com.flownurture.users.Passwords;
import com.flownurture.users.User;
import jakarta.json.JsonArrayBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code users create|list|remove|reset-password}: the people who sign in to the dashboard. */
@Command(name = "users", description = "Manage dashboard users.", mixinStandardHelpOptions = true,
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Remove.class,
            UsersCommand.ResetPassword.class})
final class UsersCommand extends GroupCommand {

    /** {@code users create}: the password is read from standard input, never from the command line. */
    @Command(name = "create", description = "Create a user; reads the password (one line, 12+ characters) "
            + "from standard input.", mixinStandardHelpOptions = true)
    static final class Create implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "Organization id")
        String org;

        @Option(names = "--email", required = true, description = "Email address to sign in with")
        String email;

        @Option(names = "--role", required = true, paramLabel = "admin|member", description = "admin or member")
        String role;

        @Override
        public void run() {
            User.Role parsed = User.Role.parse(role);
            String password = readPassword();
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                System.out.println(c.users().create(org, email, parsed, password)
                        .toJson());
            }
        }
    }

    /** {@code users list --org ORG_ID}. */
    @Command(name = "list", description = "List the users of an organization.", mixinStandardHelpOptions = true)
    static final class ListUsers implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "Organization id")
        String org;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                JsonArrayBuilder out = Json.createArrayBuilder();
                c.users().list(org).forEach(u -> out.add(u.toJson()));
                System.out.println(out.build());
            }
        }
    }

    /** {@code users remove --id USER_ID}: its sessions end with it. */
    @Command(name = "remove", description = "Remove a user.", mixinStandardHelpOptions = true)
    static final class Remove implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--id", required = true, paramLabel = "USER_ID", description = "User id")
        String id;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                System.out.println(c.users().remove(id).toJson());
            }
        }
    }

    /** {@code users reset-password --id USER_ID}: the new password from standard input; sessions end. */
    @Command(name = "reset-password", description = "Set a user's password from standard input; signs it out.",
            mixinStandardHelpOptions = true)
    static final class ResetPassword implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--id", required = true, paramLabel = "USER_ID", description = "User id")
        String id;

        @Override
        public void run() {
            String password = readPassword();
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                c.users().resetPassword(id, password);
                System.out.println(c.users().find(id).orElseThrow().toJson());
            }
        }
    }

    /** One line of standard input, checked against the password rules before anything is opened. */
    static String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Passwords.requireValid(line);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
