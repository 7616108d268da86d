package com.flownurture.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR notation: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address (a prefix of
 * 32 or 128). Immutable and thread-safe.
 *
 * <p>A block with bits set past its prefix ({@code 10.0.0.1/8}) is refused rather than rounded down: in a list of
 * trusted proxies it is more likely a typo than a wish. An IPv4-mapped IPv6 block ({@code ::ffff:10.0.0.0/104}) is
 * the IPv4 block it maps, since Java reports such client addresses as IPv4.
 */
public final class Cidr {

    private static final int MAPPED_PREFIX = 96;

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Reads {@code address/prefix}, or a single address.
     *
     * @throws IllegalArgumentException saying what is wrong, when the text is not such a block
     */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = IpAddress.parse(address).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an IP address or CIDR block (such as 10.0.0.0/8 or 2001:db8::/32)"));
        byte[] network = parsed.getAddress();
        int bits = network.length * 8;
        // A mapped address parses as IPv4; its written prefix counted the 96 bits of ::ffff:0:0 in front.
        int offset = parsed instanceof Inet4Address && address.indexOf(':') >= 0 ? MAPPED_PREFIX : 0;
        int prefix = slash < 0 ? bits : prefixLength(trimmed.substring(slash + 1), text) - offset;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be between "
                    + offset + " and " + (bits + offset));
        }
        byte[] masked = mask(network, prefix);
        if (!Arrays.equals(masked, network)) {
            throw new IllegalArgumentException("'" + text + "' has bits set past its prefix; did you mean "
                    + (offset > 0 ? "::ffff:" : "") + addressText(masked) + "/" + (prefix + offset) + "?");
        }
        return new Cidr(masked, prefix, trimmed);
    }

    /** Whether the address lies in this block (an IPv4 address is never in an IPv6 block, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /** The block's first address, as bytes (a copy). */
    public byte[] network() {
        return network.clone();
    }

    /** How many leading bits every address of the block shares. */
    public int prefixLength() {
        return prefix;
    }

    /** The block as it was written. */
    @Override
    public String toString() {
        return text;
    }

    private static int prefixLength(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be a number");
        }
        return Integer.parseInt(digits);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    private static String addressText(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
