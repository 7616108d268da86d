package com.flownurture.cli;

import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.orgs.Organization;
import com.flownurture.common.Json;
import jakarta.json.JsonArrayBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orgs create|list}. */
@Command(name = "orgs", description = "Manage organizations.", mixinStandardHelpOptions = true,
        subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class})
final class OrgsCommand extends GroupCommand {

    /** {@code orgs create --name NAME}: prints {@code {"id","name","createdAt"}}. */
    @Command(name = "create", description = "Create an organization.", mixinStandardHelpOptions = true)
    static final class Create implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--name", required = true, description = "Organization name")
        String name;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                Organization org = c.orgs().create(name);
                System.out.println(org.toJson());
            }
        }
    }

    /** {@code orgs list}: prints a JSON array. */
    @Command(name = "list", description = "List organizations.", mixinStandardHelpOptions = true)
    static final class ListOrgs implements Runnable {
        @Mixin
        CommonOptions common;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                JsonArrayBuilder out = Json.createArrayBuilder();
                c.orgs().list().forEach(o -> out.add(o.toJson()));
                System.out.println(out.build());
            }
        }
    }
}
