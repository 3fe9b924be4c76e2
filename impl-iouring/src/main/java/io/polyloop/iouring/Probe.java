package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.Availability;
import io.polyloop.spi.Errno;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static io.polyloop.iouring.IoUring.*;

/**
 * Finds out, once, whether io_uring runs here and what it offers; else why not, in words an operator can act on
 * (not Linux, the kill switch, {@code kernel.io_uring_disabled}, EPERM from a seccomp profile, ENOSYS, a kernel too
 * old for the ops this backend needs). Stateless; the provider caches the result.
 */
final class Probe {
    static final Path SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");
    private static final int PROBE_OPS_COUNT = 256;
    private static final int EXPERIMENT_ENTRIES = 4;

    private Probe() {
    }

    /** The answer: available with capabilities, or unavailable with a cause. */
    record Result(Availability availability, Capabilities capabilities) {
        static Result unavailable(String cause) {
            return new Result(Availability.unavailable(cause), null);
        }
    }

    static Result run(String osName, boolean disabled, Path sysctl) {
        if (disabled) {
            return Result.unavailable("disabled by -D" + IoUringBackendProvider.DISABLED_PROPERTY + "=true");
        }
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Result.unavailable("io_uring requires Linux, this is " + osName);
        }
        String sysctlValue = readSysctl(sysctl);
        if ("2".equals(sysctlValue)) {
            return Result.unavailable("io_uring is disabled by sysctl kernel.io_uring_disabled=2");
        }
        try {
            LibC.load();
            return probeKernel(sysctlValue);
        } catch (Throwable t) {
            return Result.unavailable("libc cannot be bound through JNA: " + t);
        }
    }

    private static Result probeKernel(String sysctlValue) {
        NativeMemory params = NativeMemory.allocate(PARAMS_SIZE);
        NativeMemory probe = NativeMemory.allocate(PROBE_OPS + PROBE_OPS_COUNT * PROBE_OP_SIZE);
        int fd = -1;
        try {
            fd = Sys.setup(EXPERIMENT_ENTRIES, params.address());
            if (fd == -Errno.EPERM || fd == -Errno.EACCES) {
                return Result.unavailable("io_uring_setup: " + Errno.name(fd) + " (kernel.io_uring_disabled="
                        + (sysctlValue == null ? "absent" : sysctlValue)
                        + "; with 1 only members of kernel.io_uring_group may use it; a seccomp profile such as"
                        + " a container runtime's default also blocks it)");
            }
            if (fd == -ENOSYS) {
                return Result.unavailable("io_uring_setup: ENOSYS (the kernel is older than 5.1 or built without"
                        + " CONFIG_IO_URING)");
            }
            if (fd < 0) {
                return Result.unavailable("io_uring_setup failed: " + Errno.name(fd));
            }
            int features = params.buffer().getInt(PARAMS_FEATURES);
            if ((features & FEAT_NODROP) == 0 || (features & FEAT_EXT_ARG) == 0) {
                return Result.unavailable("kernel too old: io_uring lacks IORING_FEAT_NODROP or IORING_FEAT_EXT_ARG"
                        + " (Linux 5.11 or later is needed; features 0x" + Integer.toHexString(features) + ")");
            }
            int r = Sys.register(fd, REGISTER_PROBE, probe.address(), PROBE_OPS_COUNT);
            if (r < 0) {
                return Result.unavailable("kernel too old: IORING_REGISTER_PROBE failed with " + Errno.name(r));
            }
            long[] ops = supportedOps(probe);
            for (int op : REQUIRED_OPS) {
                if ((ops[op >>> 6] & (1L << (op & 63))) == 0) {
                    return Result.unavailable("kernel too old: io_uring opcode " + op + " is not supported");
                }
            }
            return new Result(Availability.available(), new Capabilities(features, setupFlags(params), ops));
        } finally {
            if (fd >= 0) {
                LibC.close(fd);
            }
            params.free();
            probe.free();
        }
    }

    private static long[] supportedOps(NativeMemory probe) {
        long[] ops = new long[4];
        int last = probe.buffer().get(PROBE_LAST_OP) & 0xff;
        for (int op = 0; op <= last && op < PROBE_OPS_COUNT; op++) {
            int at = PROBE_OPS + op * PROBE_OP_SIZE;
            if ((probe.buffer().getShort(at + PROBE_OP_FLAGS) & PROBE_OP_SUPPORTED) != 0) {
                ops[op >>> 6] |= 1L << (op & 63);
            }
        }
        return ops;
    }

    /**
     * The setup flags this kernel accepts, of SUBMIT_ALL (5.18), COOP_TASKRUN (5.19), SINGLE_ISSUER (6.0) and
     * DEFER_TASKRUN (6.1). Each try is a throw-away ring (a few ms each on a loaded machine, and the first open of a
     * backend waits for them), so all four are tried together first: a kernel that takes DEFER_TASKRUN has the rest.
     */
    static int setupFlags(NativeMemory params) {
        int all = SETUP_SUBMIT_ALL | SETUP_COOP_TASKRUN | SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN;
        if (accepts(all, params)) {
            return all;
        }
        int flags = 0;
        for (int f : new int[] {SETUP_SUBMIT_ALL, SETUP_COOP_TASKRUN, SETUP_SINGLE_ISSUER,
            SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN}) {
            if (accepts(f, params)) {
                flags |= f;
            }
        }
        return flags;
    }

    /** Tries a setup flag on a throw-away ring: EINVAL means this kernel does not know it. */
    private static boolean accepts(int flags, NativeMemory params) {
        for (int i = 0; i < PARAMS_SIZE; i += 8) {
            params.buffer().putLong(i, 0);
        }
        params.buffer().putInt(PARAMS_FLAGS, flags);
        int fd = Sys.setup(EXPERIMENT_ENTRIES, params.address());
        if (fd >= 0) {
            LibC.close(fd);
            return true;
        }
        return false;
    }

    private static String readSysctl(Path sysctl) {
        try {
            return Files.readString(sysctl, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return null; // absent before Linux 6.6: nothing to learn from it
        }
    }
}
