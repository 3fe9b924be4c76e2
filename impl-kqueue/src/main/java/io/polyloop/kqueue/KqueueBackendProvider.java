package io.polyloop.kqueue;

import io.polyloop.posix.NativeBindings;
import io.polyloop.posix.readiness.BlockingPool;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The macOS and FreeBSD kqueue backend. Rank 10, as epoll: the two never run on the same OS. On any other OS its probe
 * says that kqueue needs macOS or FreeBSD, so {@code backend=kqueue} is rejected there with that reason and the
 * bundle stays idle. {@code -Dio.polyloop.kqueue.disabled=true} makes it report itself unavailable. Published as an
 * OSGi service by DS and listed for {@link java.util.ServiceLoader}. Thread safe.
 *
 * <p>The struct layouts and numbers are chosen at run time from {@code os.name} ({@link KeventAbi}). Tests construct
 * it with an emulated {@link KqueueSyscalls} instead of the native one, which also skips the OS check.
 */
@Component(service = IoBackendProvider.class)
public final class KqueueBackendProvider implements IoBackendProvider {
    public static final String NAME = "kqueue";
    public static final int RANK = 10;
    public static final String DISABLED_PROPERTY = "io.polyloop.kqueue.disabled";

    /** This bundle's JNA bindings ({@link NativeKqueueSyscalls}); see {@link #activate} and {@link #deactivate}. */
    static final NativeBindings BINDINGS = NativeBindings.of("io.polyloop.kqueue");

    private static final Logger LOG = LoggerFactory.getLogger(KqueueBackendProvider.class);

    /** Null for the native backend, whose ABI is known only after the OS check. */
    private final KeventAbi injectedAbi;
    private final KqueueSyscalls injectedSyscalls;
    private volatile Availability availability;
    private BlockingPool pool; // guarded by this

    public KqueueBackendProvider() {
        this(null, null);
    }

    /** Tests: a provider over an emulation of {@code abi}'s OS. */
    KqueueBackendProvider(KeventAbi abi, KqueueSyscalls syscalls) {
        this.injectedAbi = abi;
        this.injectedSyscalls = syscalls;
    }

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
            a = injectedSyscalls != null ? checkInjected(Boolean.getBoolean(DISABLED_PROPERTY))
                    : check(System.getProperty("os.name", ""), Boolean.getBoolean(DISABLED_PROPERTY));
            availability = a;
            LOG.debug("kqueue backend: {}", a);
        }
        return a;
    }

    private static Availability checkInjected(boolean disabled) {
        return disabled ? disabledAvailability() : Availability.available();
    }

    /** The probe itself, apart from its cache (tests call it with other inputs). */
    static Availability check(String osName, boolean disabled) {
        if (disabled) {
            return disabledAvailability();
        }
        KeventAbi abi = KeventAbi.forOsName(osName);
        if (abi == null) {
            return Availability.unavailable("kqueue requires macOS or FreeBSD, this is " + osName
                    + " (use epoll there)");
        }
        try {
            int kq = NativeKqueueSyscalls.INSTANCE.kqueue();
            if (kq < 0) {
                return Availability.unavailable("kqueue() failed: " + io.polyloop.spi.Errno.name(
                        abi.posix.canonical(NativeKqueueSyscalls.INSTANCE.errno())));
            }
            NativeKqueueSyscalls.INSTANCE.close(kq);
            return Availability.available();
        } catch (Throwable t) {
            return Availability.unavailable("libc's kqueue cannot be bound through JNA: " + t);
        }
    }

    private static Availability disabledAvailability() {
        return Availability.unavailable("disabled by -D" + DISABLED_PROPERTY + "=true");
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        Availability a = probe();
        if (!a.isAvailable()) {
            throw new IllegalStateException("kqueue backend unavailable: " + a.unavailabilityCause());
        }
        if (injectedSyscalls != null) {
            return KqueueDriver.open(this, injectedAbi, injectedSyscalls, options);
        }
        return KqueueDriver.open(this, KeventAbi.forOsName(System.getProperty("os.name", "")),
                NativeKqueueSyscalls.INSTANCE, options);
    }

    /** The pool for regular files, created by the first driver that needs it with that driver's thread bound. */
    synchronized BlockingPool blockingPool(KqueueDriver forDriver) {
        if (pool == null) {
            int threads = forDriver.blockingThreads();
            pool = new BlockingPool(threads);
            LOG.debug("kqueue backend: blocking pool of {} thread(s) for regular files", threads);
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
     * DS: lets queued file operations finish and lets the pool's threads end; unbinds the JNA natives once no kqueue
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
}
