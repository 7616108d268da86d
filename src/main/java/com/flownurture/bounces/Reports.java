package com.flownurture.bounces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.flownurture.suppressions.SuppressionReason;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads the machine-readable reports a relay's bounce mailbox receives: delivery status notifications (RFC 3464,
 * {@code multipart/report; report-type=delivery-status}) and abuse feedback reports (ARF, RFC 5965,
 * {@code report-type=feedback-report}). Each yields bounces naming our {@code Message-ID} from the returned
 * original message or its headers. Anything else (an auto-reply, a human) yields nothing. Stateless.
 */
final class Reports {

    private Reports() {
    }

    /** The bounces or complaint a report mail carries; empty for a mail that is not one. */
    static List<Bounce> read(Part mail) throws MessagingException, IOException {
        if (!mail.isMimeType("multipart/report") || !(mail.getContent() instanceof Multipart parts)) {
            return List.of();
        }
        String status = null;
        String feedback = null;
        String messageId = null;
        String originalTo = null;
        for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            if (part.isMimeType("message/delivery-status")) {
                status = text(part);
            } else if (part.isMimeType("message/feedback-report")) {
                feedback = text(part);
            } else if (part.isMimeType("message/rfc822") && part.getContent() instanceof MimeMessage original) {
                messageId = original.getMessageID();
                originalTo = first(original.getRecipients(Message.RecipientType.TO));
            } else if (part.isMimeType("text/rfc822-headers")) {
                try (InputStream in = part.getInputStream()) {
                    InternetHeaders headers = new InternetHeaders(in);
                    messageId = headers.getHeader("Message-ID", null);
                    String to = headers.getHeader("To", ",");
                    originalTo = to == null ? null : first(InternetAddress.parseHeader(to, false));
                }
            }
        }
        if (messageId != null) {
            messageId = messageId.strip();
        }
        List<Bounce> bounces = new ArrayList<>();
        if (status != null) {
            List<Map<String, String>> blocks = blocks(status);
            for (Map<String, String> recipient : blocks.subList(Math.min(1, blocks.size()), blocks.size())) {
                String action = recipient.getOrDefault("action", "").toLowerCase(Locale.ROOT);
                String code = recipient.getOrDefault("status", "");
                String address = address(recipient.getOrDefault("final-recipient",
                        recipient.get("original-recipient")));
                if (address == null || !(action.equals("failed") || action.equals("delayed"))) {
                    continue;
                }
                SuppressionReason type = action.equals("failed") && code.startsWith("5")
                        ? SuppressionReason.HARD_BOUNCE : SuppressionReason.SOFT_BOUNCE;
                String diagnostic = recipient.get("diagnostic-code");
                bounces.add(new Bounce(type, address, messageId,
                        (code + (diagnostic == null ? "" : " " + diagnostic)).strip()));
            }
        } else if (feedback != null) {
            Map<String, String> fields = blocks(feedback).getFirst();
            String address = fields.containsKey("original-rcpt-to") ? address(fields.get("original-rcpt-to"))
                    : originalTo;
            if (address != null || messageId != null) {
                bounces.add(new Bounce(SuppressionReason.COMPLAINT, address, messageId,
                        fields.getOrDefault("feedback-type", "abuse")));
            }
        }
        return bounces;
    }

    /** The header blocks of a report part (separated by blank lines), names lower-cased, folded lines joined. */
    private static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String last = null;
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                last = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                block.put(last, block.get(last) + " " + line.strip());
            } else if (line.indexOf(':') > 0) {
                last = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                block.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks.isEmpty() ? List.of(Map.of()) : blocks;
    }

    /** The address of a field such as {@code rfc822; jane@example.com} or {@code <jane@example.com>}. */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        String value = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        value = value.strip().replaceAll("^<|>$", "");
        return value.contains("@") ? value : null;
    }

    private static String first(Address[] addresses) {
        return addresses == null || addresses.length == 0 ? null
                : addresses[0] instanceof InternetAddress a ? a.getAddress() : addresses[0].toString();
    }

    private static String text(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
