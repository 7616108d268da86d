package com.flownurture.cli;

import java.time.Clock;

import com.flownurture.app.Components;
import com.flownurture.demo.DemoData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code demo}: a new demo organization; prints its key and ids as JSON. */
@Command(name = "demo", description = "Create a demo organization with contacts, tags, workflows, a segment and a key.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        try (Components c = Components.open(common.load(), Clock.systemUTC())) {
            System.out.println(DemoData.create(c).toJson());
        }
    }
}
