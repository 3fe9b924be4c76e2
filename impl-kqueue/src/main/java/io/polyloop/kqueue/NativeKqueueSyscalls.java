package io.polyloop.kqueue;

import com.sun.jna.Platform;
import io.polyloop.posix.LibCSyscalls;
import io.polyloop.posix.NativeBindings;
import io.polyloop.posix.NativeHolds;

/**
 * The production {@link KqueueSyscalls}: kqueue and kevent through JNA direct mapping (both have fixed prototypes, so
 * direct mapping is right on Apple arm64 too), everything else as {@link LibCSyscalls} does it (direct mapping, and
 * the variadic binding for open and fcntl). The first kqueue call binds libc's kqueue symbols and throws
 * {@link UnsatisfiedLinkError} where there are none (Linux). Thread safe.
 *
 * <p>Bound through {@link KqueueBackendProvider#BINDINGS}: each kqueue made here holds them (libc's too) until it is
 * closed here, so that a kqueue a stopped bundle's loop still runs keeps its natives and the bindings go (and the
 * class loader with them) once the last one is closed.
 */
final class NativeKqueueSyscalls extends LibCSyscalls implements KqueueSyscalls {
    static final NativeKqueueSyscalls INSTANCE = new NativeKqueueSyscalls();

    /** The kqueues open, each holding libc's bindings and the backend's. */
    private final NativeHolds kqueues = new NativeHolds(NativeBindings.POSIX, KqueueBackendProvider.BINDINGS);

    private NativeKqueueSyscalls() {
    }

    /** Direct mapping: static natives, primitive arguments only, pointers as long. */
    private static final class Bound {
        static {
            KqueueBackendProvider.BINDINGS.bind(Bound.class, Platform.C_LIBRARY_NAME);
        }

        static native int kqueue();

        static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);
    }

    @Override
    public int kqueue() {
        // binds on first use: UnsatisfiedLinkError or NoClassDefFoundError where there is no kqueue
        return (int) kqueues.open(() -> Bound.kqueue(), kq -> kq >= 0);
    }

    @Override
    public int close(int fd) {
        int r = super.close(fd);
        kqueues.closed(fd);
        return r;
    }

    @Override
    public int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return Bound.kevent(kq, changelist, nchanges, eventlist, nevents, timeout);
    }
}
