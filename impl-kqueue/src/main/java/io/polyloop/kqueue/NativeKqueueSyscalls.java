package io.polyloop.kqueue;

import com.sun.jna.Platform;
import io.polyloop.posix.LibCSyscalls;
import io.polyloop.posix.NativeBindings;

import java.util.HashSet;
import java.util.Set;

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

    /** The kqueues open, each holding the bindings; looked up on close only while there is one. */
    private final Set<Integer> kqueues = new HashSet<>(); // guarded by itself
    private volatile int open;

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
        NativeBindings.POSIX.acquire();
        KqueueBackendProvider.BINDINGS.acquire();
        int kq;
        try {
            kq = Bound.kqueue(); // binds on first use: UnsatisfiedLinkError or NoClassDefFoundError where no kqueue
        } catch (RuntimeException | Error e) {
            releaseBindings();
            throw e;
        }
        if (kq < 0) {
            releaseBindings();
            return kq;
        }
        synchronized (kqueues) {
            kqueues.add(kq);
            open = kqueues.size();
        }
        return kq;
    }

    @Override
    public int close(int fd) {
        int r = super.close(fd);
        if (open > 0) {
            boolean wasKqueue;
            synchronized (kqueues) {
                wasKqueue = kqueues.remove(fd);
                open = kqueues.size();
            }
            if (wasKqueue) {
                releaseBindings();
            }
        }
        return r;
    }

    @Override
    public int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return Bound.kevent(kq, changelist, nchanges, eventlist, nevents, timeout);
    }

    private static void releaseBindings() {
        KqueueBackendProvider.BINDINGS.release();
        NativeBindings.POSIX.release();
    }
}
