package io.polyloop.iouring;

import io.polyloop.posix.NativeBindings;
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
 * The Linux io_uring backend. Rank 20: under {@code backend=auto} it wins over epoll (10) wherever its probe passes;
 * where it does not (an old kernel, {@code kernel.io_uring_disabled}, a seccomp profile), {@code auto} falls back to
 * epoll. {@code -Dio.polyloop.iouring.disabled=true} makes it report itself unavailable. Published as an OSGi service
 * by DS and listed for {@link java.util.ServiceLoader}. Thread safe.
 *
 * <p>Backend properties read from {@link DriverOptions#backendProperties()}: {@value #DEFER_TASKRUN} (boolean,
 * default true), {@value #MULTISHOT} (boolean, default true: false forces single-shot ACCEPT and RECV).
 */
@Component(service = IoBackendProvider.class)
public final class IoUringBackendProvider implements IoBackendProvider, ThreadAffinity {
    public static final String NAME = "io_uring";
    public static final int RANK = 20;
    public static final String DISABLED_PROPERTY = "io.polyloop.iouring.disabled";
    /** Use IORING_SETUP_SINGLE_ISSUER|DEFER_TASKRUN where the kernel has them (else COOP_TASKRUN). */
    public static final String DEFER_TASKRUN = "ioUringDeferTaskrun";
    /** Feed ACCEPT and RECV from multishot ops with a provided-buffer ring where the kernel has them. */
    public static final String MULTISHOT = "ioUringMultishot";

    /** This bundle's JNA bindings ({@link Sys}); see {@link #activate} and {@link #deactivate}. */
    static final NativeBindings BINDINGS = NativeBindings.of("io.polyloop.iouring");

    private static final Logger LOG = LoggerFactory.getLogger(IoUringBackendProvider.class);

    private volatile Probe.Result probed;

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
        return result().availability();
    }

    private Probe.Result result() {
        Probe.Result r = probed;
        if (r == null) {
            r = Probe.run(System.getProperty("os.name", ""), Boolean.getBoolean(DISABLED_PROPERTY), Probe.SYSCTL);
            probed = r;
            LOG.debug("io_uring backend: {}{}", r.availability(),
                    r.capabilities() == null ? "" : " (" + r.capabilities() + ")");
        }
        return r;
    }

    /** @return what the kernel offers, or null when unavailable */
    Capabilities capabilities() {
        return result().capabilities();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        Probe.Result r = result();
        if (!r.availability().isAvailable()) {
            throw new IllegalStateException("io_uring backend unavailable: "
                    + r.availability().unavailabilityCause());
        }
        return IoUringDriver.open(r.capabilities(), options);
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

    /** DS: unbinds the JNA natives once no ring holds them, so that the class loader can go after a refresh. */
    @Deactivate
    void deactivate() {
        BINDINGS.unbindWhenIdle();
        NativeBindings.POSIX.release();
    }

    /** Linux sched_setaffinity, through the POSIX bindings. */
    @Override
    public String pinCurrentThread(int cpu) {
        return io.polyloop.posix.Affinity.pinCurrentThread(cpu);
    }
}
