package io.polyloop.kqueue;

import io.polyloop.spi.IoBackendProvider;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The kqueue backend over an emulation of macOS or FreeBSD on Linux ({@link KqueueEmulation}), for test suites
 * outside this package (impl-scheduler's runtime suite). Each call gives a fresh provider over a fresh emulation.
 */
public final class EmulatedKqueueProviders {
    private static final Map<IoBackendProvider, KqueueEmulation> EMULATIONS =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private EmulatedKqueueProviders() {
    }

    /** The backend as it runs on macOS: 32-byte kevent, no SOCK_NONBLOCK, SO_NOSIGPIPE, BSD numbers. */
    public static IoBackendProvider macos() {
        return of(KeventAbi.DARWIN);
    }

    /** The backend as it runs on FreeBSD: 64-byte kevent, accept4, MSG_NOSIGNAL, BSD numbers. */
    public static IoBackendProvider freebsd() {
        return of(KeventAbi.FREEBSD);
    }

    /** FreeBSD before 12: SO_REUSEPORT, but no SO_REUSEPORT_LB, so listeners of one port do not share connections. */
    public static IoBackendProvider freebsdWithoutReusePortLb() {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.FREEBSD);
        os.withoutReusePortLb();
        return of(KeventAbi.FREEBSD, os);
    }

    private static IoBackendProvider of(KeventAbi abi) {
        return of(abi, new KqueueEmulation(abi));
    }

    private static IoBackendProvider of(KeventAbi abi, KqueueEmulation os) {
        IoBackendProvider p = new KqueueBackendProvider(abi, os);
        EMULATIONS.put(p, os);
        return p;
    }

    /** @return the sends through a provider made here that would have raised SIGPIPE on the real OS */
    public static int sigpipes(IoBackendProvider emulated) {
        return EMULATIONS.get(emulated).sigpipes();
    }
}
