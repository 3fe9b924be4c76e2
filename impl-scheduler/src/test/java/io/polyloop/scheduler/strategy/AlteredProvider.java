package io.polyloop.scheduler.strategy;

import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.HandleTransfer;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend with one behaviour altered for a test; everything else, {@link HandleTransfer} included, is the
 * real driver's.
 */
public final class AlteredProvider implements IoBackendProvider {
    private final IoBackendProvider real;
    private final boolean noReusePort;
    private final AtomicInteger adoptRefusals;
    private final boolean releaseThrows;

    private AlteredProvider(IoBackendProvider real, boolean noReusePort, AtomicInteger adoptRefusals,
                            boolean releaseThrows) {
        this.real = real;
        this.noReusePort = noReusePort;
        this.adoptRefusals = adoptRefusals;
        this.releaseThrows = releaseThrows;
    }

    /** As a backend without SO_REUSEPORT (IOCP): a listener never shares its port, setting the option fails. */
    public static AlteredProvider noReusePort(IoBackendProvider real) {
        return new AlteredProvider(real, true, new AtomicInteger(), false);
    }

    /**
     * As {@link #noReusePort}, and {@code release} throws the ClassCastException this wrapper's cast would throw
     * over a driver without {@link HandleTransfer}: a driver bug, not the IOException of a refusal.
     */
    public static AlteredProvider releaseThrows(IoBackendProvider real) {
        return new AlteredProvider(real, true, new AtomicInteger(), true);
    }

    /** The next {@code refusals} calls of adopt (on any driver) fail before touching anything, as ENOMEM would. */
    public static AlteredProvider refusingAdopt(IoBackendProvider real, AtomicInteger refusals) {
        return new AlteredProvider(real, false, refusals, false);
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public int rank() {
        return real.rank();
    }

    @Override
    public Availability probe() {
        return real.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        return new Driver(real.open(options));
    }

    private final class Driver extends ForwardingDriver implements HandleTransfer {
        Driver(IoDriver d) {
            super(d);
        }

        @Override
        public IoHandle openTcpListener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
            return delegate().openTcpListener(bind, backlog, reusePort && !noReusePort);
        }

        @Override
        public <T> void setOption(IoHandle socket, SocketOption<T> option, T value) throws IOException {
            if (noReusePort && option == StandardSocketOptions.SO_REUSEPORT) {
                throw new IOException("SO_REUSEPORT is not supported by this backend (test)");
            }
            delegate().setOption(socket, option, value);
        }

        @Override
        public void adopt(List<DetachedHandle> handles) throws IOException {
            if (adoptRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("adopt refused (test): ENOMEM");
            }
            delegate().adopt(handles);
        }

        @Override
        public DetachedHandle release(IoHandle handle) throws IOException {
            if (releaseThrows) {
                throw new ClassCastException(delegate().getClass().getName() + " cannot be cast to "
                        + HandleTransfer.class.getName() + " (test)");
            }
            return ((HandleTransfer) delegate()).release(handle);
        }
    }
}
