package io.polyloop.api.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class HostAndPortTest {

    @Test
    void parsesNamesIpv4AndBracketedIpv6() {
        HostAndPort a = HostAndPort.parse("redis.example:6379");
        assertEquals("redis.example", a.host());
        assertEquals(6379, a.port());
        assertEquals("10.1.2.3:80", HostAndPort.parse("10.1.2.3:80").toString());
        HostAndPort v6 = HostAndPort.parse("[::1]:7007");
        assertEquals("::1", v6.host());
        assertEquals(7007, v6.port());
        assertEquals("[::1]:7007", v6.toString());
        assertEquals("[fe80::1%lo]:1", HostAndPort.parse("[fe80::1%lo]:1").toString());
        assertEquals(6379, HostAndPort.parse("localhost", 6379).port());
        assertEquals(53, HostAndPort.parse("[2001:db8::5]", 53).port());
        assertEquals(HostAndPort.of("h", 1), HostAndPort.parse(" h:1 "));
        assertTrue(HostAndPort.parse("h:1").toUnresolved().isUnresolved());
    }

    @Test
    void badInputNamesTheTextAndTheAcceptedForms() {
        String[][] cases = {
            {"localhost", "no port"},
            {"host:", "is not a number"},
            {"host:http", "'http' is not a number"},
            {"host:70000", "out of range"},
            {"host:-1", "out of range"},
            {":80", "empty host"},
            {"::1:80", "needs brackets"},
            {"[::1:80", "without ']'"},
            {"[::1]80", "only ':port'"},
            {"[10.0.0.1]:80", "IPv6 literals only"},
            {"ho st:80", "character ' '"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse(c[0]),
                    c[0]);
            assertTrue(e.getMessage().contains("'" + c[0] + "'") && e.getMessage().contains(c[1])
                    && e.getMessage().contains("[ipv6]:port"), c[0] + " -> " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HostAndPort.of("h", 65536));
    }

    @Test
    void formatsSocketAddressesWithoutResolving() throws Exception {
        assertEquals("127.0.0.1:80", HostAndPort.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)));
        assertEquals("[0:0:0:0:0:0:0:1]:80", HostAndPort.format(new InetSocketAddress(InetAddress.getByName("::1"), 80)));
        assertEquals("db.internal:5432", HostAndPort.format(InetSocketAddress.createUnresolved("db.internal", 5432)));
    }
}
