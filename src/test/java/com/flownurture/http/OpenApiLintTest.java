package com.flownurture.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenAPI document passes Redocly CLI's recommended rules with no error, as an integrator's linter would see it.
 * The CLI is pinned in {@code tools/openapi-lint} and installed there by {@code ./run.sh test} when npm is present;
 * without it the test is skipped, except in CI ({@code CI} set), where a skipped lint is a failure.
 */
class OpenApiLintTest {

    private static final Path TOOL = Path.of("tools/openapi-lint");
    private static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");

    @Test
    void passesRedoclyRecommendedRules() throws IOException, InterruptedException {
        Path redocly = TOOL.resolve("node_modules/.bin/redocly");
        if (!Files.isExecutable(redocly)) {
            assertNull(System.getenv("CI"), "CI must install the linter: npm ci --prefix " + TOOL);
            assumeTrue(false, "Redocly CLI is not installed (npm ci --prefix " + TOOL + "): lint skipped");
        }
        ProcessBuilder builder = new ProcessBuilder(redocly.toString(), "lint", "--config",
                TOOL.resolve("redocly.yaml").toString(), "--format=stylish", DOCUMENT.toString())
                .redirectErrorStream(true);
        // No usage reports to Redocly and no update notices from a test run.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process lint = builder.start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(2, TimeUnit.MINUTES), "the linter finished");
        assertEquals(0, lint.exitValue(), output);
    }
}
