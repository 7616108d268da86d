package com.flownurture.support;

import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on a free loopback port, and the settings that make a test server send through it
 * with its engine running: the set-up every email test shares.
 */
public final class Smtp {

    private Smtp() {
    }

    /** A started GreenMail SMTP server on a free port; the test stops it. */
    public static GreenMail start() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return smtp;
    }

    /** Settings that send through {@code smtp} at up to 1,000 emails a second, the engine ticking every 20 ms. */
    public static Map<String, String> serverConfig(GreenMail smtp) {
        return serverConfig(smtp, Map.of());
    }

    /** The same, with {@code overrides} added or replacing a default ({@code mail.rate-per-second}, ...). */
    public static Map<String, String> serverConfig(GreenMail smtp, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of("mail.host", "127.0.0.1",
                "mail.port", Integer.toString(smtp.getSmtp().getPort()), "mail.security", "NONE",
                "mail.rate-per-second", "1000", "engine.tick-ms", "20", "engine.enabled", "true"));
        config.putAll(overrides);
        return Map.copyOf(config);
    }
}
