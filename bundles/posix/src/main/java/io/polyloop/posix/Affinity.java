package io.polyloop.posix;

import com.sun.jna.Platform;

/**
 * CPU affinity of the calling thread: Linux {@code sched_setaffinity(0, …)}, which applies to the calling thread
 * (a tid of 0). macOS has no binding affinity call and FreeBSD uses {@code cpuset_setaffinity}: not bound here,
 * callers get the reason instead. Thread safe.
 */
public final class Affinity {
    private static final int MASK_BYTES = 128; // cpu_set_t: 1024 CPUs

    private Affinity() {
    }

    /** @return null if the calling thread is now pinned to {@code cpu}, else why not */
    public static String pinCurrentThread(int cpu) {
        if (!Platform.isLinux()) {
            return "thread affinity is bound for Linux only, this is " + System.getProperty("os.name");
        }
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            return "cpu " + cpu + " is outside 0.." + (MASK_BYTES * 8 - 1);
        }
        byte[] mask = new byte[MASK_BYTES];
        mask[cpu >>> 3] = (byte) (1 << (cpu & 7));
        if (Linux.sched_setaffinity(0, MASK_BYTES, mask) != 0) {
            return "sched_setaffinity(cpu " + cpu + ") failed: errno " + Errors.lastErrno();
        }
        return null;
    }

    /** Bound on first use: Linux only. */
    private static final class Linux {
        static {
            NativeBindings.POSIX.bind(Linux.class, Platform.C_LIBRARY_NAME);
        }

        static native int sched_setaffinity(int pid, long cpusetsize, byte[] mask);
    }
}
