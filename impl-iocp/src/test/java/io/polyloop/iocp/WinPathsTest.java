package io.polyloop.iocp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class WinPathsTest {

    @Test
    void driveNamesTakeTheExtendedPrefix() {
        assertEquals("\\\\?\\C:\\data\\log.bin", WinPaths.extended("C:\\data\\log.bin"));
        assertEquals("\\\\?\\d:\\a\\b", WinPaths.extended("d:/a/b"), "forward slashes are not translated after \\\\?\\");
    }

    @Test
    void uncNamesTakeTheUncForm() {
        assertEquals("\\\\?\\UNC\\server\\share\\f.txt", WinPaths.extended("\\\\server\\share\\f.txt"));
    }

    @Test
    void namespacedNamesStayAsTheyAre() {
        assertEquals("\\\\?\\C:\\x", WinPaths.extended("\\\\?\\C:\\x"));
        assertEquals("\\\\.\\pipe\\p", WinPaths.extended("\\\\.\\pipe\\p"));
    }

    @Test
    void aLongNameKeepsEveryCharacter() {
        String deep = "C:\\" + "segment\\".repeat(40) + "file.bin";
        String got = WinPaths.extended(deep);
        assertEquals(4 + deep.length(), got.length(), "longer than MAX_PATH and passed whole");
    }

    @Test
    void posixNamesOfTheEmulationStayAsTheyAre() {
        assertEquals("/tmp/polyloop/f", WinPaths.extended("/tmp/polyloop/f"));
    }
}
