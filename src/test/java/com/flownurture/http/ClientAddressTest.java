package com.flownurture.http;

import java.net.InetAddress;
import java.util.List;

import com.flownurture.common.Cidr;
import com.flownurture.common.IpAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which address a request's client has, behind trusted proxies or none. Over the real server: SignInLockoutTest. */
class ClientAddressTest {

    private static final ClientAddress BEHIND_PROXIES = new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"),
            Cidr.parse("2001:db8:ffff::/48")));

    private static InetAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }

    private static String client(ClientAddress addresses, String peer, String... forwardedFor) {
        return addresses.resolve(ip(peer), List.of(forwardedFor)).getHostAddress();
    }

    @Test
    void theRightMostEntryThatIsNoTrustedProxyIsTheClient() {
        assertEquals("192.0.2.7", client(BEHIND_PROXIES, "10.0.0.1", "192.0.2.7"));
        assertEquals("192.0.2.7", client(BEHIND_PROXIES, "10.0.0.1", "198.51.100.1, 192.0.2.7, 10.9.9.9"),
                "the client wrote 198.51.100.1 itself; 10.9.9.9 is a second proxy of ours");
        assertEquals("192.0.2.7", client(BEHIND_PROXIES, "10.0.0.1", "198.51.100.1", "192.0.2.7,10.1.1.1"),
                "several header lines are one list, in order");
        assertEquals("2001:db8:0:0:0:0:0:7", client(BEHIND_PROXIES, "2001:db8:ffff::1", "2001:db8::7"));
        assertEquals("192.0.2.7", client(BEHIND_PROXIES, "10.0.0.1", "192.0.2.7:51234"), "a port is dropped");
        assertEquals("2001:db8:0:0:0:0:0:7", client(BEHIND_PROXIES, "10.0.0.1", "[2001:db8::7]:443"));
        assertEquals("2001:db8:0:0:0:0:0:7", client(BEHIND_PROXIES, "10.0.0.1", "[2001:db8::7]"));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("192.0.2.9", client(BEHIND_PROXIES, "192.0.2.9", "198.51.100.1"));
        ClientAddress trustingNobody = new ClientAddress(List.of());
        assertEquals("127.0.0.1", client(trustingNobody, "127.0.0.1", "198.51.100.1"));
    }

    @Test
    void withoutAUsableEntryTheLastTrustedHopIsTheClient() {
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1"), "no header: the proxy itself");
        assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", ""));
        assertEquals("10.3.3.3", client(BEHIND_PROXIES, "10.0.0.1", "10.3.3.3, 10.2.2.2"),
                "only proxies: the furthest one");
        for (String junk : List.of("unknown", "client.example.com", "192.0.2.7:port", "[192.0.2.7]", "[::1",
                "192.0.2.7 198.51.100.1", "_hidden")) {
            assertEquals("10.0.0.1", client(BEHIND_PROXIES, "10.0.0.1", "192.0.2.99, " + junk), junk);
        }
        assertEquals("10.9.9.9", client(BEHIND_PROXIES, "10.0.0.1", "192.0.2.99, unknown, 10.9.9.9"),
                "the walk stops at the hop that passed the junk on");
    }
}
