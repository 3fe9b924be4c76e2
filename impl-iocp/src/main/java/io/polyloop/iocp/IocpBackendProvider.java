package io.polyloop.iocp;

import io.polyloop.posix.NativeBindings;
import io.polyloop.posix.NativeMemory;
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
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The Windows I/O completion port backend. Rank 10: on Windows it is the only backend. {@code
 * -Dio.polyloop.iocp.disabled=true} makes it report itself unavailable; anywhere but 64-bit Windows it reports that it
 * needs Windows, and the runtime refuses to select it. Published as an OSGi service by DS and listed for {@link
 * java.util.ServiceLoader}. Thread safe.
 *
 * <p>{@link #IocpBackendProvider(Win32)} runs the backend over another implementation of the native calls (tests run
 * it over an emulation on Linux); the OS check is then skipped, everything else is the same.
 */
@Component(service = IoBackendProvider.class)
public final class IocpBackendProvider implements IoBackendProvider {
    public static final String NAME = "iocp";
    public static final int RANK = 10;
    public static final String DISABLED_PROPERTY = "io.polyloop.iocp.disabled";

    /** This bundle's JNA bindings ({@link JnaWin32}); see {@link #activate} and {@link #deactivate}. */
    static final NativeBindings BINDINGS = NativeBindings.of("io.polyloop.iocp");

    private static final Logger LOG = LoggerFactory.getLogger(IocpBackendProvider.class);

    private final Win32 injected;
    private volatile Win32 win;
    private volatile Availability availability;
    private BlockingPool pool; // guarded by this

    /** The backend over the real kernel32/ws2_32 (DS and ServiceLoader use this one). */
    public IocpBackendProvider() {
        this(null);
    }

    /** The backend over {@code natives} instead of the DLLs. */
    public IocpBackendProvider(Win32 natives) {
        this.injected = natives;
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
            synchronized (this) {
                a = availability;
                if (a == null) {
                    a = probeOnce();
                    availability = a;
                    LOG.debug("iocp backend: {}", a);
                }
            }
        }
        return a;
    }

    private Availability probeOnce() {
        Availability gate = check(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Boolean.getBoolean(DISABLED_PROPERTY), injected != null);
        if (gate != null) {
            return gate;
        }
        Win32 w;
        try {
            w = injected != null ? injected : new JnaWin32();
        } catch (Throwable t) {
            return Availability.unavailable("kernel32/ws2_32/ntdll cannot be bound through JNA: " + t);
        }
        Availability started = startup(w);
        if (started.isAvailable()) {
            win = w;
        }
        return started;
    }

    /**
     * The gate before any native call.
     *
     * @return the reason the backend cannot run, or null to go on
     */
    static Availability check(String osName, String arch, boolean disabled, boolean nativesInjected) {
        if (disabled) {
            return Availability.unavailable("disabled by -D" + DISABLED_PROPERTY + "=true");
        }
        if (nativesInjected) {
            return null;
        }
        if (!osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Availability.unavailable("iocp requires Windows (I/O completion ports), this is " + osName);
        }
        if (!arch.contains("64")) {
            return Availability.unavailable("iocp requires 64-bit Windows (its struct layouts are Win64's), this is "
                    + arch);
        }
        return null;
    }

    /** WSAStartup(2.2) and a completion port created and closed: the backend can work. */
    private static Availability startup(Win32 w) {
        NativeMemory data = NativeMemory.allocate(Layouts.WSADATA_SIZE);
        try {
            int e = w.WSAStartup(WinConstants.WINSOCK_VERSION_2_2, data.address());
            if (e != 0) {
                return Availability.unavailable("WSAStartup(2.2) failed: Winsock error " + e);
            }
            short version = data.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN).getShort(0);
            if (version != WinConstants.WINSOCK_VERSION_2_2) {
                return Availability.unavailable("Winsock 2.2 is not available (got version 0x"
                        + Integer.toHexString(version & 0xFFFF) + ")");
            }
            long port = w.CreateIoCompletionPort(WinConstants.INVALID_HANDLE_VALUE, 0, 0, 1);
            if (port == 0) {
                return Availability.unavailable("CreateIoCompletionPort failed: Windows error " + w.lastError());
            }
            w.CloseHandle(port);
            return Availability.available();
        } catch (Throwable t) {
            return Availability.unavailable("Winsock cannot be started: " + t);
        } finally {
            data.free();
        }
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        Availability a = probe();
        if (!a.isAvailable()) {
            throw new IllegalStateException("iocp backend unavailable: " + a.unavailabilityCause());
        }
        return IocpDriver.open(this, win, options);
    }

    /** The pool for FlushFileBuffers, created by the first driver that needs it with that driver's thread bound. */
    synchronized BlockingPool blockingPool(int threads) {
        if (pool == null) {
            pool = new BlockingPool(threads);
            LOG.debug("iocp backend: blocking pool of {} thread(s) for FlushFileBuffers", threads);
        }
        return pool;
    }

    /**
     * DS: binds the JNA natives again (a bundle stopped and started keeps its class loader: no static initialiser runs
     * again).
     */
    @Activate
    void activate() {
        BINDINGS.ensureBound();
    }

    /**
     * DS: lets queued flushes finish and lets the pool's threads end; unbinds the JNA natives once no completion port
     * holds them, so that the bundle's class loader can be collected after an uninstall and refresh.
     */
    @Deactivate
    synchronized void deactivate() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        BINDINGS.unbindWhenIdle();
    }
}
