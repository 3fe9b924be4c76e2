package io.polyloop.kqueue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.polyloop.posix.LibCSyscalls;

/**
 * The production {@link KqueueSyscalls}: kqueue and kevent through JNA direct mapping (both have fixed prototypes, so
 * direct mapping is right on Apple arm64 too), everything else as {@link LibCSyscalls} does it (direct mapping, and
 * the variadic binding for open and fcntl). The first kqueue call binds libc's kqueue symbols and throws
 * {@link UnsatisfiedLinkError} where there are none (Linux). Stateless, thread safe.
 */
final class NativeKqueueSyscalls extends LibCSyscalls implements KqueueSyscalls {
    static final NativeKqueueSyscalls INSTANCE = new NativeKqueueSyscalls();

    private NativeKqueueSyscalls() {
    }

    /** Direct mapping: static natives, primitive arguments only, pointers as long. */
    private static final class Bound {
        static {
            Native.register(Bound.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int kqueue();

        static native int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);
    }

    @Override
    public int kqueue() {
        return Bound.kqueue();
    }

    @Override
    public int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        return Bound.kevent(kq, changelist, nchanges, eventlist, nevents, timeout);
    }
}
