package io.polyloop.epoll;

import io.polyloop.posix.LibC;
import io.polyloop.posix.NativeBindings;
import io.polyloop.posix.readiness.BlockingPool;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.ThreadAffinity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The Linux epoll backend. Rank 10: preferred over nothing but below io_uring (20) under {@code backend=auto}.
 * {@code -Dio.polyloop.epoll.disabled=true} makes it report itself unavailable. Published as an OSGi service by DS and
 * listed for {@link java.util.ServiceLoader}. Thread safe.
 */
@Component(service = IoBackendProvider.class)
public final class EpollBackendProvider implements IoBackendProvider, ThreadAffinity {
    public static final String NAME = "epoll";
    public static final int RANK = 10;
    public static final String DISABLED_PROPERTY = "io.polyloop.epoll.disabled";

    /** This bundle's JNA bindings ({@link Epoll}); see {@link #activate} and {@link #deactivate}. */
    static final NativeBindings BINDINGS = NativeBindings.of("io.polyloop.epoll");

    private static final Logger LOG = LoggerFactory.getLogger(EpollBackendProvider.class);

    private volatile Availability availability;
    private BlockingPool pool; // guarded by this

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Availability probe() {
        Availability a = availability;
        if (a == null) {
            a = check(System.getProperty("os.name", ""), Boolean.getBoolean(DISABLED_PROPERTY));
            availability = a;
            LOG.debug("epoll backend: {}", a);
        }
        return a;
    }

    /** The probe itself, apart from its cache (tests call it with other inputs). */
    static Availability check(String osName, boolean disabled) {
        if (disabled) {
            return Availability.unavailable("disabled by -D" + DISABLED_PROPERTY + "=true");
        }
        if (!osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
            return Availability.unavailable("epoll requires Linux, this is " + osName);
        }
        try {
            LibC.load();
            int ep = Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC);
            if (ep < 0) {
                return Availability.unavailable("epoll_create1 failed: errno " + io.polyloop.posix.Errors.lastErrno());
            }
            LibC.close(ep);
            return Availability.available();
        } catch (Throwable t) {
            return Availability.unavailable("libc cannot be bound through JNA: " + t);
        }
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        Availability a = probe();
        if (!a.isAvailable()) {
            throw new IllegalStateException("epoll backend unavailable: " + a.unavailabilityCause());
        }
        return EpollDriver.open(this, options);
    }

    /** The pool for regular files, created by the first driver that needs it with that driver's thread bound. */
    synchronized BlockingPool blockingPool(EpollDriver forDriver) {
        if (pool == null) {
            int threads = forDriver.blockingThreads();
            pool = new BlockingPool(threads);
            LOG.debug("epoll backend: blocking pool of {} thread(s) for regular files", threads);
        }
        return pool;
    }

    /**
     * DS: binds the JNA natives again (a bundle stopped and started keeps its class loader: no static initialiser runs
     * again) and holds libc's until {@link #deactivate}.
     */
    @Activate
    void activate() {
        NativeBindings.POSIX.acquire();
        BINDINGS.ensureBound();
    }

    /**
     * DS: lets queued file operations finish and lets the pool's threads end; unbinds the JNA natives once no poller
     * holds them, so that the bundle's class loader can be collected after an uninstall and refresh.
     */
    @Deactivate
    synchronized void deactivate() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        BINDINGS.unbindWhenIdle();
        NativeBindings.POSIX.release();
    }

    /** Linux sched_setaffinity, through the POSIX bindings. */
    @Override
    public String pinCurrentThread(int cpu) {
        return io.polyloop.posix.Affinity.pinCurrentThread(cpu);
    }
}
