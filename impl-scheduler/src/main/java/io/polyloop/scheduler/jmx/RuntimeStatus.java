package io.polyloop.scheduler.jmx;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.LoopInfo;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;

/** {@link RuntimeMXBean} over a runtime's {@link IoRuntime#info()} and its backend registry. Thread safe. */
public final class RuntimeStatus implements RuntimeMXBean {
    /** The name of the shared runtime service's bean. */
    public static final String OBJECT_NAME = "io.polyloop:type=Runtime";
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeStatus.class);

    private final IoRuntime runtime;
    private final BackendRegistry backends;

    public RuntimeStatus(IoRuntime runtime, BackendRegistry backends) {
        this.runtime = runtime;
        this.backends = backends;
    }

    /** @return the registered name, or null if it could not be registered (logged; the runtime runs anyway) */
    public ObjectName register(String objectName) {
        try {
            ObjectName name = new ObjectName(objectName);
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
            return name;
        } catch (JMException e) {
            LOG.warn("polyloop runtime status not published over JMX as {}: {}", objectName, e.toString());
            return null;
        }
    }

    /** Unregisters {@code name} if registered. */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.warn("cannot unregister {}: {}", name, e.toString());
        }
    }

    @Override
    public String getStrategy() {
        return runtime.info().strategy().configName();
    }

    @Override
    public String getBackend() {
        return runtime.info().backend();
    }

    @Override
    public String getConfiguredBackend() {
        return runtime.info().settings().backend();
    }

    @Override
    public String getSettings() {
        return runtime.info().settings().toString();
    }

    @Override
    public String getLastRejection() {
        String r = runtime.info().lastRejection();
        return r == null ? "" : r;
    }

    @Override
    public boolean isClosed() {
        return runtime.info().closed();
    }

    @Override
    public int getLoopCount() {
        return runtime.info().loops().size();
    }

    @Override
    public long getQueuedTasks() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::queuedTasks).sum();
    }

    @Override
    public long getTimers() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::timers).sum();
    }

    @Override
    public long getConnections() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::handles).sum();
    }

    @Override
    public long getSwaps() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::swaps).sum();
    }

    @Override
    public long getLastSwapPauseMicros() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::lastSwapNanos).max().orElse(0) / 1000;
    }

    @Override
    public long getReshapes() {
        return runtime.info().reshapes().count();
    }

    @Override
    public String getLastReshape() {
        return runtime.info().reshapes().summary();
    }

    @Override
    public long getLastReshapePauseMicros() {
        return runtime.info().reshapes().longestPauseNanos() / 1000;
    }

    @Override
    public long getRejections() {
        return runtime.info().rejections();
    }

    @Override
    public String[] getLoops() {
        List<LoopInfo> loops = runtime.info().loops();
        return loops.stream().map(l -> l.name() + " backend=" + l.backend() + " queued=" + l.queuedTasks()
                + " timers=" + l.timers() + " handles=" + l.handles() + " tasksRun=" + l.tasksRun() + " swaps="
                + l.swaps() + " lastSwapMicros=" + l.lastSwapNanos() / 1000).toArray(String[]::new);
    }

    @Override
    public String[] getBackends() {
        RuntimeInfo info = runtime.info();
        return backends.providers().stream().map(p -> line(p, info.backend())).toArray(String[]::new);
    }

    private static String line(IoBackendProvider p, String inUse) {
        Availability a;
        try {
            a = p.probe();
        } catch (RuntimeException | LinkageError e) {
            a = Availability.unavailable("probe failed: " + e);
        }
        return p.name() + " rank=" + p.rank() + (p.name().equals(inUse) ? " in use" : "") + " "
                + (a.isAvailable() ? "available" : "unavailable: " + a.unavailabilityCause());
    }
}
