package com.flownurture.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.consent.ConsentRepository;
import com.flownurture.orgs.Organization;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orgs create|list|settings|bounce-secret|rotate-bounce-secret}. */
@Command(name = "orgs", description = "Manage organizations.", mixinStandardHelpOptions = true,
        subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class, OrgsCommand.Settings.class,
                OrgsCommand.BounceSecret.class, OrgsCommand.RotateBounceSecret.class})
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

    /**
     * {@code orgs settings --org ID [--require-consent true|false] [--confirm-subject S] [--confirm-template FILE]}:
     * changes the given settings and prints them all, as {@code GET /api/v1/settings} shows them.
     */
    @Command(name = "settings", description = "Show or change an organization's sending settings.",
            mixinStandardHelpOptions = true)
    static final class Settings implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, description = "Organization id")
        String org;

        @Option(names = "--require-consent", arity = "1",
                description = "Send workflow emails only to contacts whose consent is CONFIRMED")
        Boolean requireConsent;

        @Option(names = "--confirm-subject", description = "Subject of the double opt-in email")
        String subject;

        @Option(names = "--confirm-template", description = "HTML file of the double opt-in email; must contain "
                + "{{confirmUrl}} ({{organization}} is the organization's name)")
        Path template;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                ConsentRepository consent = new ConsentRepository(c.db(), Clock.systemUTC(), c.orgs(), c.contacts(),
                        () -> "");
                System.out.println(consent.updateSettings(org, requireConsent, subject,
                        template == null ? null : read(template)).toJson());
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * {@code orgs bounce-secret --org ID}: prints {@code {"id","bounceSecret"}}, the secret that signs the
     * organization's generic bounce posts (after an upgrade, each organization has a fresh one: see
     * docs/deliverability.md).
     */
    @Command(name = "bounce-secret", description = "Show the secret that signs an organization's generic bounce posts.",
            mixinStandardHelpOptions = true)
    static final class BounceSecret implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, description = "Organization id")
        String org;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                String secret = c.orgs().bounceSecret(org)
                        .orElseThrow(() -> new NotFoundException("Organization not found: " + org));
                System.out.println(bounceSecretJson(org, secret));
            }
        }
    }

    /**
     * {@code orgs rotate-bounce-secret --org ID}: gives the organization a new bounce secret and prints it once, as
     * {@code {"id","bounceSecret"}}; posts signed with the old one are refused from then on.
     */
    @Command(name = "rotate-bounce-secret", description = "Replace an organization's bounce secret; the old one stops "
            + "working at once.", mixinStandardHelpOptions = true)
    static final class RotateBounceSecret implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--org", required = true, description = "Organization id")
        String org;

        @Override
        public void run() {
            try (Components c = Components.open(common.load(), Clock.systemUTC())) {
                System.out.println(bounceSecretJson(org, c.orgs().rotateBounceSecret(org)));
            }
        }
    }

    private static JsonObject bounceSecretJson(String org, String secret) {
        return Json.createObjectBuilder().add("id", org).add("bounceSecret", secret).build();
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
