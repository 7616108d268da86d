package com.flownurture.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks no webhook may target: every entry of the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (as of December 2026), multicast, and the deprecated IPv4-compatible and site-local IPv6 forms. A block
 * that embeds an IPv4 address (NAT64, 6to4, Teredo) is refused whole: a key holder has no need of them, and the
 * embedded address would otherwise have to be decoded per scheme. IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is the
 * exception: it is judged by the IPv4 address it carries. Immutable.
 */
public final class SpecialAddresses {

    /** One block and what it is. */
    public record Block(Cidr cidr, String name) {

        /** Whether the address lies in this block. */
        public boolean contains(InetAddress address) {
            return cidr.contains(address);
        }
    }

    /** The table, IPv4 first. */
    public static final List<Block> BLOCKS = List.of(
            block("0.0.0.0/8", "this network"),
            block("10.0.0.0/8", "private use"),
            block("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local (cloud metadata)"),
            block("172.16.0.0/12", "private use"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation (TEST-NET-1)"),
            block("192.31.196.0/24", "AS112-v4"),
            block("192.52.193.0/24", "AMT"),
            block("192.88.99.0/24", "deprecated 6to4 relay anycast"),
            block("192.168.0.0/16", "private use"),
            block("192.175.48.0/24", "direct delegation AS112 service"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation (TEST-NET-2)"),
            block("203.0.113.0/24", "documentation (TEST-NET-3)"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved"),
            block("255.255.255.255/32", "limited broadcast"),
            block("::/96", "unspecified, loopback and deprecated IPv4-compatible"),
            block("64:ff9b::/96", "IPv4-IPv6 translation (NAT64)"),
            block("64:ff9b:1::/48", "local-use IPv4-IPv6 translation"),
            block("100::/64", "discard-only"),
            block("100:0:0:1::/64", "dummy IPv6 prefix"),
            block("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID, AMT, AS112, DET)"),
            block("2001:db8::/32", "documentation"),
            block("2002::/16", "6to4"),
            block("2620:4f:8000::/48", "direct delegation AS112 service"),
            block("3fff::/20", "documentation"),
            block("5f00::/16", "segment routing (SRv6) SIDs"),
            block("fc00::/7", "unique-local"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "deprecated site-local"),
            block("ff00::/8", "multicast"));

    private SpecialAddresses() {
    }

    /** The block an address lies in, if any (an IPv4-mapped address: the block of the address it carries). */
    public static Optional<Block> find(InetAddress address) {
        InetAddress judged = address;
        byte[] bytes = address.getAddress();
        if (isMapped(bytes)) {
            try {
                judged = InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Block block : BLOCKS) {
            if (block.contains(judged)) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether 16 bytes are an IPv4-mapped address ({@code ::ffff:0:0/96}). Checked on the bytes: Java turns such a
     * literal into the IPv4 address it carries, so no {@link Cidr} can name the block.
     */
    static boolean isMapped(byte[] address) {
        if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Block block(String cidr, String name) {
        return new Block(Cidr.parse(cidr), name);
    }
}
