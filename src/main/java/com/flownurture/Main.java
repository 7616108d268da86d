package com.flownurture;

import com.flownurture.cli.Cli;
import io.helidon.logging.common.LogConfig;

/** The jar's entry point: the command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(Cli.run(args));
    }
}
