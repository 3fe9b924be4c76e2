package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code polyloop:swap}'s wait for the runtime's answer: a rejection only the swap itself can produce (the backend
 * probes fine, its driver does not open), asked twice with the same text, is reported both times at once (the
 * runtime's rejection count tells them apart), not after the 20 s wait as "no answer". Config Admin is a stand-in
 * that hands the written configuration to the runtime as the runtime component does.
 */
@Timeout(30)
class RuntimeConfigTest {

    @Test
    void aRepeatedRejectionWithTheSameTextIsReportedAtOnce() throws Exception {
        IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).provider(new NoOpen())
                .backend("epoll").set(RuntimeSettings.STRATEGY, "thread-per-core").set(RuntimeSettings.THREADS, 2)
                .build();
        try {
            // a socket on each loop, so each has a driver to replace (a loop opens one on first I/O)
            var listener = rt.listen(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            ConfigurationAdmin admin = configAdmin((io.polyloop.scheduler.runtime.PolyloopRuntime) rt);
            for (int i = 1; i <= 2; i++) {
                long start = System.nanoTime();
                String answer = RuntimeConfig.set(admin, rt, RuntimeSettings.BACKEND, "noopen", v -> null,
                        info -> info.settings().backend().equals("noopen"));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(answer.startsWith("rejected: ") && answer.contains("no driver opens here"),
                        "attempt " + i + ": " + answer);
                assertTrue(ms < 15_000, "attempt " + i + " answered after " + ms + " ms (the wait is 20 s)");
                assertEquals(i, rt.info().rejections(), "each rejection counts, same text or not");
            }
            assertEquals("epoll", rt.info().backend());
            String status = StatusText.status(rt.info());
            assertTrue(status.contains("rejections     2 since start"), status);
            listener.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    /** Config Admin with one configuration whose update() goes to the runtime, as the runtime component's modified. */
    private static ConfigurationAdmin configAdmin(io.polyloop.scheduler.runtime.PolyloopRuntime rt) {
        Hashtable<String, Object> stored = new Hashtable<>();
        Configuration c = (Configuration) Proxy.newProxyInstance(RuntimeConfigTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "getProperties":
                            return stored.isEmpty() ? null : new Hashtable<>(stored);
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                            Map<String, Object> props = new HashMap<>();
                            for (String k : Collections.list(d.keys())) {
                                stored.put(k, d.get(k));
                                props.put(k, d.get(k));
                            }
                            new Thread(() -> rt.applyProperties(props), "config admin event").start();
                            return null;
                        case "getPid":
                            return RuntimeSettings.PID;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(RuntimeConfigTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, args) -> {
                    if (m.getName().equals("getConfiguration")) {
                        return c;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Probes available, never opens: a failure that only the swap itself shows. */
    private static final class NoOpen implements IoBackendProvider {
        @Override
        public String name() {
            return "noopen";
        }

        @Override
        public int rank() {
            return -1;
        }

        @Override
        public Availability probe() {
            return Availability.available();
        }

        @Override
        public IoDriver open(DriverOptions options) throws IOException {
            throw new IOException("no driver opens here");
        }
    }
}
