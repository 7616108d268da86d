package com.flownurture.cli;

import java.time.Clock;
import java.util.List;

import com.flownurture.app.Components;
import com.flownurture.auth.ApiKeys;
import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonArrayBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keys create|list|revoke}. */
@Command(name = "keys", description = "Manage API keys.", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand extends GroupCommand {

    /** {@code keys create}: the only time the key is shown. */
    @Command(name = "create", description = "Create an API key; the key is printed once and stored hashed.",
            mixinStandardHelpOptions = true)
    static final class Create implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "Organization id")
        String org;

        @Option(names = "--name", required = true, description = "A name for the key")
        String name;

        @Option(names = "--scopes", required = true, split = ",", paramLabel = "s1,s2",
                description = "Comma-separated scopes: ${COMPLETION-CANDIDATES}", completionCandidates = Known.class)
        List<String> scopes;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                ApiKeys.CreatedKey created = c.keys().create(org, name, scopes);
                System.out.println(Json.createObjectBuilder()
                        .add("id", created.key().id())
                        .add("name", created.key().name())
                        .add("key", created.secret())
                        .add("scopes", Json.createArrayBuilder(created.key().scopes()))
                        .add("createdAt", Times.format(created.key().createdAt()))
                        .build());
            }
        }
    }

    /** {@code keys list --org ORG_ID}: never the key itself. */
    @Command(name = "list", description = "List the keys of an organization.", mixinStandardHelpOptions = true)
    static final class ListKeys implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "Organization id")
        String org;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                JsonArrayBuilder out = Json.createArrayBuilder();
                c.keys().list(org).forEach(k -> out.add(k.toJson()));
                System.out.println(out.build());
            }
        }
    }

    /** {@code keys revoke --id KEY_ID}: a running server refuses the key within a second. */
    @Command(name = "revoke", description = "Revoke an API key.", mixinStandardHelpOptions = true)
    static final class Revoke implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--id", required = true, paramLabel = "KEY_ID", description = "Key id")
        String id;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                System.out.println(c.keys().revoke(id).toJson());
            }
        }
    }

    /** The known scopes, for help and completion. */
    static final class Known extends java.util.ArrayList<String> {
        Known() {
            super(com.flownurture.auth.Scopes.ALL);
        }
    }
}
