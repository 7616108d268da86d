package com.flownurture.support;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free loopback port, and the settings that make a test server send through it
 * with its engine running: the set-up every email test shares. A class's server and its SMTP server start and stop
 * together with {@link TestApp#perClass(Smtp)}.
 */
public final class Smtp extends GreenMail {

    /** An SMTP server not started yet. */
    public Smtp() {
        super(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    }

    /** A started SMTP server; the test stops it. */
    public static Smtp started() {
        Smtp smtp = new Smtp();
        smtp.start();
        return smtp;
    }

    /** Settings that send through this server at up to 1,000 emails a second, the engine ticking every 20 ms. */
    public Map<String, String> serverConfig() {
        return serverConfig(Map.of());
    }

    /** The same, with {@code overrides} added or replacing a default ({@code mail.rate-per-second}, ...). */
    public Map<String, String> serverConfig(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of("mail.host", "127.0.0.1",
                "mail.port", Integer.toString(getSmtp().getPort()), "mail.security", "NONE",
                "mail.rate-per-second", "1000", "engine.tick-ms", "20", "engine.enabled", "true"));
        config.putAll(overrides);
        return Map.copyOf(config);
    }

    /** The messages received for {@code address} (its case aside), in the order they arrived. */
    public List<MimeMessage> mailTo(String address) {
        return Arrays.stream(getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(address);
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** A received email's text: its body, or every part of a multipart one, one after the other. */
    public static String content(MimeMessage message) throws Exception {
        if (message.getContent() instanceof jakarta.mail.internet.MimeMultipart parts) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                all.append(parts.getBodyPart(i).getContent());
            }
            return all.toString();
        }
        return message.getContent().toString();
    }
}
