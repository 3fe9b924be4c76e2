package io.polyloop.example.echo;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoSettingsTest {

    @Test
    void defaultsAreLoopback7007() {
        EchoSettings s = EchoSettings.defaults();
        assertEquals(new InetSocketAddress("127.0.0.1", 7007), s.address());
        assertTrue(s.isLocalOnly());
        assertEquals("bindAddress=127.0.0.1, port=7007", s.toString());
    }

    @Test
    void acceptsStringsFromCfgFilesAndNumbers() {
        assertEquals(7100, EchoSettings.parse(Map.of("port", " 7100 ")).address().getPort());
        assertEquals(0, EchoSettings.parse(Map.of("port", 0)).address().getPort());
        assertEquals(65535, EchoSettings.parse(Map.of("port", 65535L)).address().getPort());
        assertTrue(EchoSettings.parse(Map.of("bindAddress", "::1")).isLocalOnly());
        assertTrue(EchoSettings.parse(Map.of("bindAddress", "[::1]")).isLocalOnly());
        assertFalse(EchoSettings.parse(Map.of("bindAddress", "0.0.0.0")).isLocalOnly());
        // framework properties are ignored
        EchoSettings.parse(Map.of("service.pid", "io.polyloop.example.echo", "felix.fileinstall.filename", "x"));
    }

    @Test
    void rejectsBadPortsNamingPropertyValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoSettings.parse(Map.of("port", "70000")));
        assertEquals("port=70000 is out of range; accepted: 1 to 65535, or 0 for any free port", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EchoSettings.parse(Map.of("port", -1)));
        assertTrue(e.getMessage().startsWith("port=-1 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EchoSettings.parse(Map.of("port", "seven")));
        assertTrue(e.getMessage().startsWith("port='seven' is not an integer"), e.getMessage());
    }

    @Test
    void rejectsHostNamesAndMalformedAddressesWithoutAnyLookup() {
        for (String bad : new String[] {"localhost", "example.org", "256.1.1.1", "1.2.3", "1:2:zz::", "", " "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EchoSettings.parse(Map.of("bindAddress", bad)), bad);
            assertTrue(e.getMessage().startsWith("bindAddress='" + bad + "' is not an IP address; accepted:"),
                    e.getMessage());
        }
        assertNull(EchoSettings.ipLiteral("1:2"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoSettings.parse(Map.of("bindAddress", "nowhere", "port", "99999")));
        assertTrue(e.getMessage().contains("bindAddress='nowhere'"), e.getMessage());
        assertTrue(e.getMessage().contains("port=99999"), e.getMessage());
    }
}
