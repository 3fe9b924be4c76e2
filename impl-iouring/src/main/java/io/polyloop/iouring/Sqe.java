package io.polyloop.iouring;

import java.nio.ByteBuffer;

import static io.polyloop.iouring.IoUring.SQE_ADDR;
import static io.polyloop.iouring.IoUring.SQE_BUF_GROUP;
import static io.polyloop.iouring.IoUring.SQE_FD;
import static io.polyloop.iouring.IoUring.SQE_FLAGS;
import static io.polyloop.iouring.IoUring.SQE_IOPRIO;
import static io.polyloop.iouring.IoUring.SQE_LEN;
import static io.polyloop.iouring.IoUring.SQE_OFF;
import static io.polyloop.iouring.IoUring.SQE_OPCODE;
import static io.polyloop.iouring.IoUring.SQE_OP_FLAGS;
import static io.polyloop.iouring.IoUring.SQE_USER_DATA;

/**
 * Writes the fields of one {@code struct io_uring_sqe} (zeroed by {@link SubmissionQueue#next}) with plain stores;
 * the tail's store-release publishes them. Stateless.
 */
final class Sqe {
    private Sqe() {
    }

    /**
     * The common shape: {@code addr}/{@code len}/{@code off} mean what the opcode says (buffer and length, sockaddr
     * and its length, msghdr, file offset, the user_data to cancel...); {@code opFlags} is the op's own flag word
     * (msg_flags, accept_flags, fsync_flags, cancel_flags, poll32_events).
     */
    static void prep(ByteBuffer sqes, int at, int opcode, int fd, long addr, int len, long off, int opFlags,
                     long userData) {
        sqes.put(at + SQE_OPCODE, (byte) opcode);
        sqes.putInt(at + SQE_FD, fd);
        sqes.putLong(at + SQE_OFF, off);
        sqes.putLong(at + SQE_ADDR, addr);
        sqes.putInt(at + SQE_LEN, len);
        sqes.putInt(at + SQE_OP_FLAGS, opFlags);
        sqes.putLong(at + SQE_USER_DATA, userData);
    }

    /** ioprio carries the multishot bits of ACCEPT and RECV. */
    static void ioprio(ByteBuffer sqes, int at, int ioprio) {
        sqes.putShort(at + SQE_IOPRIO, (short) ioprio);
    }

    /** IOSQE_BUFFER_SELECT and the provided-buffer group to pick from. */
    static void bufferSelect(ByteBuffer sqes, int at, int group) {
        sqes.put(at + SQE_FLAGS, (byte) (sqes.get(at + SQE_FLAGS) | IoUring.SQE_BUFFER_SELECT));
        sqes.putShort(at + SQE_BUF_GROUP, (short) group);
    }
}
