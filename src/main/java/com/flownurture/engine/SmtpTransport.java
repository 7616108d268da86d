package com.flownurture.engine;

import java.io.IOException;
import java.util.Properties;

import com.flownurture.common.EmailHtml;
import com.flownurture.config.AppConfig;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Delivers over SMTP with Jakarta Mail (Angus). Each message keeps its stable Message-ID and carries RFC 8058
 * one-click unsubscribe headers. The hand-over callback runs right before the final "." of DATA, the one moment
 * after which the message may have been accepted; a connection lost after it is reported as a permanent, uncertain
 * failure rather than retried. Thread-safe: a Session is shared, each send opens its own connection.
 */
public final class SmtpTransport implements MailTransport {

    private final Session session;
    private final AppConfig.Mail config;

    public SmtpTransport(AppConfig.Mail config) {
        this.config = config;
        Properties props = new Properties();
        props.put("mail.smtp.host", config.host());
        props.put("mail.smtp.port", Integer.toString(config.port()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        switch (config.security()) {
            case NONE -> {
            }
            case STARTTLS -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> props.put("mail.smtp.ssl.enable", "true");
        }
        boolean auth = config.username() != null && !config.username().isEmpty();
        props.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(Email email, Runnable handingOver) throws Exception {
        MimeMessage message = new StableIdMessage(session, email.messageId());
        String fromEmail = email.fromEmail() != null ? email.fromEmail() : config.fromAddress();
        String fromName = email.fromName() != null ? email.fromName() : config.fromName();
        message.setFrom(new InternetAddress(fromEmail, fromName, "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to()));
        if (email.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(email.replyTo())});
        }
        message.setSubject(email.subject(), "UTF-8");
        if (email.html()) {
            // multipart/alternative: the plain part first, the preferred (HTML) part last (RFC 2046).
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.text() != null ? email.text() : EmailHtml.toText(email.body()), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.body(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        } else {
            message.setText(email.body(), "UTF-8");
        }
        message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        HandOverTransport smtp = new HandOverTransport(session, handingOver);
        try {
            boolean auth = config.username() != null && !config.username().isEmpty();
            smtp.connect(config.host(), config.port(), auth ? config.username() : null,
                    auth ? config.password() : null);
            message.saveChanges();
            smtp.sendMessage(message, message.getAllRecipients());
        } catch (SMTPSendFailedException e) {
            if (e.getReturnCode() >= 500) {
                throw new PermanentFailure("SMTP " + e.getReturnCode() + ": " + e.getMessage().strip(), e);
            }
            if (e.getReturnCode() < 400 && smtp.handedOver) {
                throw uncertain(e);
            }
            throw e;
        } catch (SMTPAddressFailedException e) {
            if (e.getReturnCode() >= 500) {
                throw new PermanentFailure("SMTP " + e.getReturnCode() + ": recipient refused", e);
            }
            throw e;
        } catch (SendFailedException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException refused && refused.getReturnCode() >= 500) {
                throw new PermanentFailure("SMTP " + refused.getReturnCode() + ": recipient refused", e);
            }
            throw e;
        } catch (MessagingException e) {
            if (smtp.handedOver) {
                throw uncertain(e);
            }
            throw e;
        } finally {
            closeAfterwards(smtp);
        }
    }

    /** The connection failed after the final dot, before the server's reply: the message may have been accepted. */
    private static PermanentFailure uncertain(MessagingException e) {
        return new PermanentFailure("Delivery uncertain: the connection failed after the hand-over to SMTP; not "
                + "retried, so the contact never receives it twice", e);
    }

    /** Says QUIT; the message's fate is known by now, so a failure to say it changes nothing. */
    private static void closeAfterwards(HandOverTransport smtp) {
        try {
            smtp.close();
        } catch (MessagingException e) {
            // The reply to the final dot decided already; a lost QUIT is the server's to time out.
        }
    }

    /**
     * Angus's SMTP transport that runs the hand-over callback right before the final "." of DATA. A server discards
     * a message whose connection ends before that dot, so until then nothing was delivered; if the callback throws,
     * the exception (as an IOException) drops the connection without the dot. Not thread-safe: one per send.
     */
    private static final class HandOverTransport extends SMTPTransport {
        private final Runnable handingOver;
        /** Whether the final dot may have been written: from here on, a failure leaves the delivery uncertain. */
        private boolean handedOver;

        HandOverTransport(Session session, Runnable handingOver) {
            super(session, new URLName("smtp", null, -1, null, null, null));
            this.handingOver = handingOver;
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            try {
                handingOver.run();
            } catch (RuntimeException e) {
                throw new IOException("The hand-over could not be recorded; the message was not sent", e);
            }
            handedOver = true;
            super.finishData();
        }
    }

    /** A MimeMessage that keeps the Message-ID it was given instead of making a new one on save. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
