package com.flownurture.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: run on its own, it is a usage error naming them. */
abstract class GroupCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: " + String.join(", ", spec.subcommands().keySet()));
    }
}
