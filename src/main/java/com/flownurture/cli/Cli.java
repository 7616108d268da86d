package com.flownurture.cli;

import java.io.PrintWriter;

import com.flownurture.common.InvalidInputException;
import com.flownurture.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flownurture <command>}. Usage errors exit 2 with one line; failures exit 1 with one line.
 */
@Command(name = "flownurture", mixinStandardHelpOptions = true, version = "FlowNurture Server 1.0.0",
        description = "Self-hosted FlowNurture marketing-automation server.",
        subcommands = {ServeCommand.class, OrgsCommand.class, KeysCommand.class, UsersCommand.class, DemoCommand.class,
            BackupCommand.class, ContactsCommand.class, MigrateToCommand.class, SecretsCommand.class,
            CommandLine.HelpCommand.class})
public final class Cli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Parses and runs a command; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for tests that capture its output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Cli());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("Error: " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter err = command.getErr();
            err.println("Error: " + oneLine(e));
            return e instanceof InvalidInputException || e instanceof InvalidConfigException ? 2 : 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
