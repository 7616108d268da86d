package com.flownurture.common;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IP address and CIDR parsers behind {@code server.trusted-proxies} and the client address. */
class CidrTest {

    private static InetAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow(() -> new AssertionError("not an address: " + text));
    }

    @Test
    void ipv4AddressesAreFourDecimalParts() {
        assertEquals("192.0.2.1", ip("192.0.2.1").getHostAddress());
        assertEquals("0.0.0.0", ip("0.0.0.0").getHostAddress());
        assertEquals("255.255.255.255", ip("255.255.255.255").getHostAddress());
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.", ".1.2.3", "01.2.3.4", "127.1",
                "0x7f.0.0.1", "1.2.3.-4", "1.2.3.4 ", "1.2.3.4:80", "localhost", "example.com", "1.2.3.٣")) {
            assertTrue(IpAddress.parse(bad).isEmpty(), "'" + bad + "' is no IPv4 address");
        }
    }

    @Test
    void ipv6AddressesTakeOneGapAndAnIpv4Tail() {
        assertEquals("2001:db8:0:0:0:0:0:1", ip("2001:db8::1").getHostAddress());
        assertEquals("2001:db8:0:0:0:0:0:1", ip("2001:DB8:0:0:0:0:0:1").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:0", ip("::").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", ip("::1").getHostAddress());
        assertEquals("1:0:0:0:0:0:0:0", ip("1::").getHostAddress());
        assertEquals("0:0:0:0:0:0:c000:201", ip("::192.0.2.1").getHostAddress());
        assertEquals("1:2:3:4:5:6:c000:201", ip("1:2:3:4:5:6:192.0.2.1").getHostAddress());
        assertEquals("1:0:2:3:4:5:6:7", ip("1::2:3:4:5:6:7").getHostAddress(), ":: may stand for one group");
        assertEquals("192.0.2.1", ip("::ffff:192.0.2.1").getHostAddress(), "a mapped address is its IPv4 one");
        for (String bad : List.of(":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2:3:4:5:6:7:8",
                "12345::", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::1.2.3", "1.2.3.4::", "::1%eth0",
                "[::1]", "fe80::1%1", "::١")) {
            assertTrue(IpAddress.parse(bad).isEmpty(), "'" + bad + "' is no IPv6 address");
        }
    }

    @Test
    void ipv4BlocksMatchTheirAddressesOnly() {
        Cidr block = Cidr.parse("10.1.0.0/16");
        assertTrue(block.contains(ip("10.1.0.0")));
        assertTrue(block.contains(ip("10.1.255.255")));
        assertFalse(block.contains(ip("10.2.0.0")));
        assertFalse(block.contains(ip("10.0.255.255")));
        assertFalse(block.contains(ip("::a01:0")), "an IPv6 address is never in an IPv4 block");
        Cidr odd = Cidr.parse("192.0.2.128/25");
        assertTrue(odd.contains(ip("192.0.2.200")));
        assertFalse(odd.contains(ip("192.0.2.127")));
    }

    @Test
    void edgePrefixesMatchEverythingOrOneAddress() {
        Cidr all4 = Cidr.parse("0.0.0.0/0");
        assertTrue(all4.contains(ip("0.0.0.0")) && all4.contains(ip("255.255.255.255")));
        assertFalse(all4.contains(ip("::1")), "/0 of IPv4 is every IPv4 address, and no IPv6 one");
        Cidr one4 = Cidr.parse("127.0.0.1/32");
        assertTrue(one4.contains(ip("127.0.0.1")));
        assertFalse(one4.contains(ip("127.0.0.2")));
        assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")), "an address alone is its /32");
        assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.0")));

        Cidr all6 = Cidr.parse("::/0");
        assertTrue(all6.contains(ip("::")) && all6.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(all6.contains(ip("10.0.0.1")));
        Cidr one6 = Cidr.parse("2001:db8::7/128");
        assertTrue(one6.contains(ip("2001:db8:0:0:0:0:0:7")));
        assertFalse(one6.contains(ip("2001:db8::6")));
        assertTrue(Cidr.parse("::1").contains(ip("::1")), "an address alone is its /128");
    }

    @Test
    void ipv6BlocksMatchOnTheirPrefix() {
        Cidr block = Cidr.parse("2001:db8:abcd::/49");
        assertTrue(block.contains(ip("2001:db8:abcd:7fff::1")));
        assertFalse(block.contains(ip("2001:db8:abcd:8000::")));
        assertFalse(block.contains(ip("2001:db8:abcc:ffff::")));
        assertTrue(Cidr.parse("fd00::/8").contains(ip("fdff::1")));
    }

    @Test
    void anIpv4MappedBlockIsItsIpv4Block() {
        Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");
        assertTrue(mapped.contains(ip("10.200.0.1")));
        assertFalse(mapped.contains(ip("11.0.0.1")));
        assertTrue(Cidr.parse("::ffff:10.0.0.1").contains(ip("10.0.0.1")));
    }

    @Test
    void malformedBlocksAreRefusedWithTheReason() {
        for (String bad : List.of("", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8",
                "10.0.0.0/a", "10.0.0.0/ 8", "::/129", "::ffff:10.0.0.0/95", "10.0.0.0/0008", "10.0.0/8",
                "localhost", "localhost/32", "example.com/8", "10.0.0.0-10.0.0.255", "10.0.0.1/8", "2001:db8::1/32")) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), "'" + bad + "'");
        }
        IllegalArgumentException hostBits = assertThrows(IllegalArgumentException.class,
                () -> Cidr.parse("10.1.2.3/8"));
        assertTrue(hostBits.getMessage().contains("did you mean 10.0.0.0/8?"), hostBits.getMessage());
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.0.0.0/8 ").toString());
    }
}
