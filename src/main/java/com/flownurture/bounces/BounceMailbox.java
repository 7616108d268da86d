package com.flownurture.bounces;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.flownurture.config.AppConfig;
import com.flownurture.messages.MessageRepository;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Polls the bounce mailbox of a plain SMTP relay ({@code mail.bounces}) over IMAP or POP3 with Jakarta Mail. Each
 * DSN or ARF report that names one of our messages is recorded through the {@link BounceRecorder} (which finds the
 * organization by the message), and only then deleted: a crash in between leaves the mail for the next poll. Mail
 * that is not a report, or names no message of ours, is left where it is. One poll at a time (a single thread).
 */
public final class BounceMailbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BounceMailbox.class.getName());
    private static final int BATCH = 100;

    private final AppConfig.Mailbox config;
    private final MessageRepository messages;
    private final BounceRecorder recorder;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bounce-mailbox").daemon().factory());

    public BounceMailbox(AppConfig.Mailbox config, MessageRepository messages, BounceRecorder recorder) {
        this.config = config;
        this.messages = messages;
        this.recorder = recorder;
    }

    /** Polls every {@code mail.bounces.poll-seconds}, the first time right away. */
    public void start() {
        long every = config.poll().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (Exception e) {
                // A mailbox that is down or refuses the login is tried again at the next poll.
                LOG.log(Level.WARNING, "bounce mailbox " + config + ": " + e.getMessage());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads up to 100 mails once.
     *
     * @return how many reports were recorded (and their mails deleted)
     */
    public int poll() throws Exception {
        String protocol = storeProtocol(config);
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "10000");
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(config.host(), config.port(), config.username(), config.password());
        int recorded = 0;
        try {
            Folder folder = store.getFolder(switch (config.protocol()) {
                case IMAP -> config.folder();
                case POP3 -> "INBOX"; // the only folder POP3 has
            });
            folder.open(Folder.READ_WRITE);
            try {
                Message[] mails = folder.getMessages(1, Math.min(folder.getMessageCount(), BATCH));
                for (Message mail : mails) {
                    if (record(Reports.read(mail))) {
                        mail.setFlag(Flags.Flag.DELETED, true);
                        recorded++;
                    }
                }
            } finally {
                folder.close(true);
            }
        } finally {
            store.close();
        }
        return recorded;
    }

    /** Jakarta Mail's name for the store: the protocol, with an {@code s} over TLS. */
    private static String storeProtocol(AppConfig.Mailbox config) {
        return switch (config.protocol()) {
            case IMAP -> switch (config.security()) {
                case NONE -> "imap";
                case TLS -> "imaps";
            };
            case POP3 -> switch (config.security()) {
                case NONE -> "pop3";
                case TLS -> "pop3s";
            };
        };
    }

    /** Records a report's bounces under the organization of the message they name; false when none is ours. */
    private boolean record(List<Bounce> bounces) {
        boolean any = false;
        for (Bounce b : bounces) {
            if (b.messageId() != null) {
                var message = messages.byMessageId(b.messageId());
                if (message.isPresent()) {
                    any |= recorder.record(message.get().orgId(), "mailbox", List.of(b)) > 0;
                }
            }
        }
        return any;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
