package com.flownurture.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an IP address written as text: IPv4 as four decimal parts ({@code 192.0.2.1}), IPv6 as eight groups of hex
 * digits with at most one {@code ::} and an optional IPv4 tail ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}).
 * Parsed here, not by {@link InetAddress#getByName}, which looks up any text it does not take for an address (a
 * name service query for a config value or a client's header) and accepts old forms such as {@code 127.1} or
 * {@code 0x7f.0.0.1}. Parts with a leading zero are refused: {@code 010} is 8 to some readers and 10 to others.
 */
public final class IpAddress {

    private IpAddress() {
    }

    /** The address the text spells, or empty when it is anything else (a name, a zone, a port, a typo). */
    public static Optional<InetAddress> parse(String text) {
        byte[] bytes = text.indexOf(':') >= 0 ? v6(text) : v4(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // Raw bytes: no lookup. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as the IPv4 one.
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static byte[] v4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimal(parts[i]);
            if (value < 0) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** 0 to 255 written in 1 to 3 digits without a leading zero; -1 otherwise. */
    private static int decimal(String part) {
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static byte[] v6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
        int[] tail = gap >= 0 ? groups(text.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int written = head.length + tail.length;
        // Without "::" all eight groups are written; with it, it stands for at least one group of zeros.
        if (gap < 0 ? written != 8 : written > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        put(bytes, 0, head);
        put(bytes, 8 - tail.length, tail);
        return bytes;
    }

    /**
     * The 16-bit groups of one side of {@code ::}, or null when one is malformed. Only the last side may end in an
     * IPv4 address (two groups).
     */
    private static int[] groups(String side, boolean last) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int v4Tail = last && parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] groups = new int[parts.length + v4Tail];
        for (int i = 0; i < parts.length - v4Tail; i++) {
            groups[i] = hex(parts[i]);
            if (groups[i] < 0) {
                return null;
            }
        }
        if (v4Tail == 1) {
            byte[] v4 = v4(parts[parts.length - 1]);
            if (v4 == null) {
                return null;
            }
            groups[parts.length - 1] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
            groups[parts.length] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        }
        return groups;
    }

    /** 1 to 4 hex digits; -1 otherwise. */
    private static int hex(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            // ASCII only: Character.digit would also take other scripts' digits.
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static void put(byte[] bytes, int group, int[] groups) {
        for (int i = 0; i < groups.length; i++) {
            bytes[2 * (group + i)] = (byte) (groups[i] >> 8);
            bytes[2 * (group + i) + 1] = (byte) groups[i];
        }
    }
}
