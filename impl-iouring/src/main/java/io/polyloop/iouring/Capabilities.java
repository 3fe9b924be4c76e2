package io.polyloop.iouring;

import static io.polyloop.iouring.IoUring.OP_SOCKET;
import static io.polyloop.iouring.IoUring.SETUP_COOP_TASKRUN;
import static io.polyloop.iouring.IoUring.SETUP_DEFER_TASKRUN;
import static io.polyloop.iouring.IoUring.SETUP_SINGLE_ISSUER;
import static io.polyloop.iouring.IoUring.SETUP_SUBMIT_ALL;

/**
 * What the running kernel's io_uring offers, as found once by {@link Probe}: feature bits from io_uring_params,
 * opcodes from IORING_REGISTER_PROBE, setup flags by trying them. Immutable.
 *
 * @param features   io_uring_params.features
 * @param setupFlags the IORING_SETUP_* flags (of SUBMIT_ALL, COOP_TASKRUN, SINGLE_ISSUER, DEFER_TASKRUN) the kernel
 *                   accepted
 * @param ops        supported opcodes as a bit set (bit n of word n / 64)
 */
record Capabilities(int features, int setupFlags, long[] ops) {

    boolean supports(int opcode) {
        return opcode >= 0 && opcode < 256 && (ops[opcode >>> 6] & (1L << (opcode & 63))) != 0;
    }

    boolean setupFlag(int flag) {
        return (setupFlags & flag) == flag;
    }

    /**
     * Multishot accept and provided-buffer rings came with Linux 5.19, as did IORING_OP_SOCKET: flags cannot be
     * probed by opcode, so the sibling opcode of the same release stands for them (as NOTES-NATIVE says).
     */
    boolean multishotAccept() {
        return supports(OP_SOCKET);
    }

    boolean bufferRings() {
        return supports(OP_SOCKET);
    }

    /** Multishot recv came with Linux 6.0, as did IORING_SETUP_SINGLE_ISSUER. */
    boolean multishotRecv() {
        return bufferRings() && setupFlag(SETUP_SINGLE_ISSUER);
    }

    /**
     * The setup flags a driver asks for: SUBMIT_ALL where known; then SINGLE_ISSUER|DEFER_TASKRUN (completions are
     * posted only inside our io_uring_enter, on the loop thread: no interrupting task work) when allowed and known,
     * else COOP_TASKRUN.
     */
    int driverSetupFlags(boolean deferTaskrun) {
        int f = setupFlags & SETUP_SUBMIT_ALL;
        if (deferTaskrun && setupFlag(SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN)) {
            f |= SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN;
        } else {
            f |= setupFlags & SETUP_COOP_TASKRUN;
        }
        return f;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("features 0x").append(Integer.toHexString(features))
                .append(", setup flags 0x").append(Integer.toHexString(setupFlags)).append(", ops");
        for (int op = 0; op < 256; op++) {
            if (supports(op) && !supports(op + 1)) {
                s.append(" up to ").append(op);
                break;
            }
        }
        return s.append(multishotAccept() ? ", multishot accept" : "")
                .append(multishotRecv() ? ", multishot recv" : "").toString();
    }
}
