package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** affinity=sequential pins loop i to CPU i (Linux, read back from /proc); a backend that cannot pin is no error. */
@Timeout(30)
class AffinityTest {

    @Test
    void sequentialPinsEachLoopToItsCpu() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        try (IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .strategy(Strategy.THREAD_PER_CORE.configName()).set(RuntimeSettings.THREADS, cpus)
                .set(RuntimeSettings.AFFINITY, "sequential").build()) {
            List<Task<String>> seen = new ArrayList<>();
            for (int i = 0; i < cpus * 4; i++) {
                seen.add(rt.submit(AffinityTest::allowedCpus)); // round robin over the loops
            }
            Set<String> allowed = new TreeSet<>();
            for (Task<String> t : seen) {
                allowed.add(t.get(10, TimeUnit.SECONDS));
            }
            Set<String> expected = new TreeSet<>();
            for (int c = 0; c < cpus; c++) {
                expected.add(Integer.toString(c));
            }
            assertEquals(expected, allowed, "each loop thread allowed on exactly its own CPU");
        }
    }

    @Test
    void aBackendThatCannotPinLeavesTheLoopsRunning() throws Exception {
        IoBackendProvider epoll = new EpollBackendProvider();
        IoBackendProvider noAffinity = new IoBackendProvider() { // epoll without the ThreadAffinity capability
            @Override
            public String name() {
                return "epoll_unpinned";
            }

            @Override
            public int rank() {
                return 1;
            }

            @Override
            public Availability probe() {
                return epoll.probe();
            }

            @Override
            public IoDriver open(DriverOptions options) throws IOException {
                return epoll.open(options);
            }
        };
        try (IoRuntime rt = IoRuntime.builder().provider(noAffinity).backend(noAffinity.name())
                .set(RuntimeSettings.AFFINITY, "sequential").build()) {
            assertEquals(42, rt.submit(() -> 42).get(10, TimeUnit.SECONDS));
            assertTrue(rt.sleep(Duration.ofMillis(5)).toCompletableFuture().get(10, TimeUnit.SECONDS) == null);
        }
    }

    /** @return the calling thread's Cpus_allowed_list from /proc */
    private static String allowedCpus() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list in /proc/thread-self/status");
    }
}
