package io.polyloop.scheduler.jmx;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.kqueue.KqueueBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status bean read through the platform MBean server, as jconsole or a JMX client would. */
@Timeout(30)
class RuntimeStatusTest {

    @Test
    void attributesShowTheRuntimeAndARejectedChange() throws Exception {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new KqueueBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(Map.of(RuntimeSettings.BACKEND, "epoll")),
                registry, Ownership.CALLER);
        ObjectName name = new RuntimeStatus(rt, registry).register(RuntimeStatus.OBJECT_NAME + ",name=test");
        assertNotNull(name);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            var listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(10,
                    TimeUnit.SECONDS);
            assertEquals("single-threaded", server.getAttribute(name, "Strategy"));
            assertEquals("epoll", server.getAttribute(name, "Backend"));
            assertEquals(1, server.getAttribute(name, "LoopCount"));
            assertEquals("", server.getAttribute(name, "LastRejection"));
            String[] backends = (String[]) server.getAttribute(name, "Backends");
            assertTrue(Arrays.stream(backends).anyMatch(b -> b.startsWith("epoll") && b.contains("in use")),
                    Arrays.toString(backends));
            assertTrue(Arrays.stream(backends).anyMatch(b -> b.startsWith("kqueue") && b.contains("unavailable")),
                    Arrays.toString(backends));

            assertFalse(rt.applyProperties(Map.of(RuntimeSettings.TASK_BUDGET, 0)));
            String why = (String) server.getAttribute(name, "LastRejection");
            assertTrue(why.contains("taskBudget"), why);
            String[] loops = (String[]) server.getAttribute(name, "Loops");
            assertEquals(1, loops.length);
            assertTrue(loops[0].contains("backend=epoll"), loops[0]);
            listener.close();
        } finally {
            RuntimeStatus.unregister(name);
            assertFalse(server.isRegistered(name));
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }
}
