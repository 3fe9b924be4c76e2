package io.polyloop.scheduler.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Out of direct memory, a loop fails (or delays) only the read that needed a buffer: {@link StarvedReadScenario} in a
 * JVM of its own with {@code -XX:MaxDirectMemorySize=}{@value #LIMIT}, the real JDK limit (not a pool that pretends).
 * Its log must show the pool's warning and no ERROR: neither "event loop failed" nor a completion handler that threw.
 */
@Timeout(120)
abstract class DirectMemoryStarvationSuite {
    static final String LIMIT = "32m";
    static final long STARVED_MILLIS = 2000;

    /** @return the backend name {@link StarvedReadScenario} understands */
    protected abstract String backend();

    @Test
    void aReadWithNoDirectMemoryWaitsThenFailsAloneWhileTheOthersEchoAndTheNextReadRecovers() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:MaxDirectMemorySize=" + LIMIT);
        cmd.add("-Xmx256m");
        cmd.add("-ea");
        List<String> ours = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < ours.size(); i++) { // the module openings the tests run with
            String a = ours.get(i);
            if (a.startsWith("--add-")) {
                cmd.add(a);
                if (!a.contains("=") && i + 1 < ours.size()) {
                    cmd.add(ours.get(++i));
                }
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StarvedReadScenario.class.getName());
        cmd.add(backend());
        cmd.add(Long.toString(STARVED_MILLIS)); // set live, while the read waits; see StarvedReadScenario
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes(); // until the child exits and closes it
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the scenario did not exit");
        String log = new String(out, StandardCharsets.UTF_8);
        System.out.println(log);
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("SCENARIO OK"), log);
        assertTrue(log.contains("Cannot reserve") && log.contains("-XX:MaxDirectMemorySize=" + LIMIT),
                "the pool's warning names the limit: " + log);
        assertFalse(log.contains("event loop failed"), log);
        assertFalse(log.contains(" ERROR "), "nothing logged at ERROR: " + log);
    }
}
