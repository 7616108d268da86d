package com.flownurture.common;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18, item 8: every range of the IANA IPv4 and IPv6 Special-Purpose Address Registries (and multicast) is
 * refused as a webhook target, NAT64, 6to4 and benchmarking addresses among them; public addresses are not.
 */
class TargetPolicyTest {

    /** An address inside each range the issue lists, written out so that dropping a table row fails here. */
    private static final List<String> REFUSED = List.of(
            "0.1.2.3", "10.255.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.2", "169.254.169.254",
            "172.16.0.1", "172.31.255.254", "192.0.0.8", "192.0.0.170", "192.0.2.10", "192.88.99.1",
            "192.168.255.1", "198.18.0.1", "198.19.255.254", "198.51.100.7", "203.0.113.9", "240.0.0.1",
            "254.1.1.1", "255.255.255.255", "224.0.0.251", "239.255.255.250",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:198.18.0.1", "::127.0.0.1",
            "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::1", "100::1", "2001::1", "2001:0:4136:e378::1",
            "2001:1ff:ffff::1", "2001:db8::1", "2002:7f00:1::", "2002:808:808::1", "fc00::1", "fdff::1",
            "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1", "3fff::1", "3fff:fff::1", "5f00::1");

    private static final List<String> ALLOWED = List.of(
            "8.8.8.8", "1.1.1.1", "93.184.216.34", "11.0.0.1", "100.63.255.255", "100.128.0.1", "126.255.255.255",
            "128.0.0.1", "169.253.255.255", "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.0.3.1",
            "192.88.98.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "198.51.99.1", "203.0.112.1",
            "223.255.255.254", "::ffff:8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
            "2001:200::1", "2001:dba::1", "2003::1", "3ffe:ffff::1", "3fff:1000::1");

    @Test
    void everySpecialPurposeRangeTheIssueListsIsRefused() throws Exception {
        for (String address : REFUSED) {
            assertTrue(TargetPolicy.isPrivate(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void publicAddressesBesideThemAreAllowed() throws Exception {
        for (String address : ALLOWED) {
            assertFalse(TargetPolicy.isPrivate(InetAddress.getByName(address)), address);
        }
    }

    /** Each row of the table: its first and last addresses are refused, the ones just outside are not its own. */
    @Test
    void eachRowOfTheTableHoldsExactlyItsRange() throws Exception {
        for (SpecialAddresses.Block block : SpecialAddresses.BLOCKS) {
            byte[] first = block.cidr().network();
            byte[] last = last(block);
            assertTrue(block.contains(InetAddress.getByAddress(first)), block.cidr().toString());
            assertTrue(SpecialAddresses.find(InetAddress.getByAddress(first)).isPresent(), block.cidr().toString());
            assertTrue(block.contains(InetAddress.getByAddress(last)), block.cidr().toString());
            assertTrue(TargetPolicy.isPrivate(InetAddress.getByAddress(last)), block.cidr().toString());
            byte[] after = add(last, 1);
            byte[] before = add(first, -1);
            if (after != null) {
                assertFalse(block.contains(InetAddress.getByAddress(after)), block.cidr() + " ends where it says");
            }
            if (before != null) {
                assertFalse(block.contains(InetAddress.getByAddress(before)), block.cidr() + " starts where it says");
            }
        }
    }

    @Test
    void theRefusalNamesNoAddress() {
        TargetPolicy policy = new TargetPolicy(false);
        TargetPolicy.RefusedException refused = assertThrows(TargetPolicy.RefusedException.class,
                () -> policy.resolve("[64:ff9b::7f00:1]"));
        assertEquals("refused private target", refused.getMessage());
        assertThrows(TargetPolicy.RefusedException.class, () -> policy.resolve("198.18.0.1"));
        assertThrows(TargetPolicy.RefusedException.class, () -> policy.resolve("[2002:7f00:1::]"));
    }

    private static byte[] last(SpecialAddresses.Block block) {
        byte[] b = block.cidr().network();
        for (int bit = block.cidr().prefixLength(); bit < b.length * 8; bit++) {
            b[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return b;
    }

    /** The address {@code delta} away, or null past either end of the address space. */
    private static byte[] add(byte[] address, int delta) {
        BigInteger n = new BigInteger(1, address).add(BigInteger.valueOf(delta));
        if (n.signum() < 0 || n.bitLength() > address.length * 8) {
            return null;
        }
        byte[] raw = n.toByteArray();
        byte[] out = new byte[address.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return Arrays.equals(out, address) ? null : out;
    }
}
