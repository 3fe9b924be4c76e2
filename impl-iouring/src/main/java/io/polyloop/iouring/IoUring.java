package io.polyloop.iouring;

/**
 * The kernel ABI of io_uring that this backend uses: opcodes, flags and struct layouts, with the values of
 * {@code <linux/io_uring.h>} (checked by {@code IoUringLayoutTest}). Fixed-width structs: the same on x86-64 and
 * aarch64. Constants only.
 */
final class IoUring {
    private IoUring() {
    }

    // syscalls (the same numbers on x86-64 and aarch64)
    static final int SYS_SETUP = 425;
    static final int SYS_ENTER = 426;
    static final int SYS_REGISTER = 427;

    // opcodes
    static final int OP_NOP = 0;
    static final int OP_FSYNC = 3;
    static final int OP_POLL_ADD = 6;
    static final int OP_SENDMSG = 9;
    static final int OP_RECVMSG = 10;
    static final int OP_ACCEPT = 13;
    static final int OP_ASYNC_CANCEL = 14;
    static final int OP_CONNECT = 16;
    static final int OP_READ = 22;
    static final int OP_WRITE = 23;
    static final int OP_SEND = 26;
    static final int OP_RECV = 27;
    static final int OP_SOCKET = 45;
    /** The opcodes every driver needs; a kernel without one of them is reported as too old. */
    static final int[] REQUIRED_OPS = {OP_NOP, OP_FSYNC, OP_POLL_ADD, OP_SENDMSG, OP_RECVMSG, OP_ACCEPT,
        OP_ASYNC_CANCEL, OP_CONNECT, OP_READ, OP_WRITE, OP_SEND, OP_RECV};

    // io_uring_setup flags
    static final int SETUP_CQSIZE = 1 << 3;
    static final int SETUP_SUBMIT_ALL = 1 << 7;
    static final int SETUP_COOP_TASKRUN = 1 << 8;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;

    // features (io_uring_params.features)
    static final int FEAT_SINGLE_MMAP = 1;
    static final int FEAT_NODROP = 1 << 1;
    static final int FEAT_FAST_POLL = 1 << 5;
    static final int FEAT_EXT_ARG = 1 << 8;

    // io_uring_enter flags
    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_EXT_ARG = 1 << 3;

    // io_uring_register opcodes
    static final int REGISTER_PROBE = 8;
    static final int REGISTER_PBUF_RING = 22;
    static final int UNREGISTER_PBUF_RING = 23;

    // SQE flags, per-op flags
    static final int SQE_BUFFER_SELECT = 1 << 5;
    static final int FSYNC_DATASYNC = 1;
    static final int ASYNC_CANCEL_ALL = 1;
    static final int ACCEPT_MULTISHOT = 1;
    static final int RECV_MULTISHOT = 1 << 1;
    static final int POLLOUT = 0x004;

    // sq ring flags, cqe flags
    static final int SQ_CQ_OVERFLOW = 1 << 1;
    static final int CQE_F_BUFFER = 1;
    static final int CQE_F_MORE = 1 << 1;
    static final int CQE_BUFFER_SHIFT = 16;

    // mmap offsets
    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    // struct io_uring_params (120 bytes)
    static final int PARAMS_SIZE = 120;
    static final int PARAMS_SQ_ENTRIES = 0;
    static final int PARAMS_CQ_ENTRIES = 4;
    static final int PARAMS_FLAGS = 8;
    static final int PARAMS_FEATURES = 20;
    static final int PARAMS_SQ_OFF = 40;
    static final int PARAMS_CQ_OFF = 80;
    // struct io_sqring_offsets (40), relative to PARAMS_SQ_OFF
    static final int SQ_OFF_HEAD = 0;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 8;
    static final int SQ_OFF_RING_ENTRIES = 12;
    static final int SQ_OFF_FLAGS = 16;
    static final int SQ_OFF_DROPPED = 20;
    static final int SQ_OFF_ARRAY = 24;
    // struct io_cqring_offsets (40), relative to PARAMS_CQ_OFF
    static final int CQ_OFF_HEAD = 0;
    static final int CQ_OFF_TAIL = 4;
    static final int CQ_OFF_RING_MASK = 8;
    static final int CQ_OFF_RING_ENTRIES = 12;
    static final int CQ_OFF_OVERFLOW = 16;
    static final int CQ_OFF_CQES = 20;

    // struct io_uring_sqe (64 bytes)
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FLAGS = 1;
    static final int SQE_IOPRIO = 2;
    static final int SQE_FD = 4;
    static final int SQE_OFF = 8;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    static final int SQE_OP_FLAGS = 28;
    static final int SQE_USER_DATA = 32;
    static final int SQE_BUF_GROUP = 40;

    // struct io_uring_cqe (16 bytes)
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;
    static final int CQE_FLAGS = 12;

    // struct io_uring_probe: 16-byte header, then 8-byte io_uring_probe_op
    static final int PROBE_LAST_OP = 0;
    static final int PROBE_OPS = 16;
    static final int PROBE_OP_SIZE = 8;
    static final int PROBE_OP_FLAGS = 2;
    static final int PROBE_OP_SUPPORTED = 1;

    // struct io_uring_buf (16) and io_uring_buf_reg (40)
    static final int BUF_SIZE = 16;
    static final int BUF_ADDR = 0;
    static final int BUF_LEN = 8;
    static final int BUF_BID = 12;
    static final int BUF_RING_TAIL = 14;
    static final int BUF_REG_SIZE = 40;
    static final int BUF_REG_RING_ADDR = 0;
    static final int BUF_REG_RING_ENTRIES = 8;
    static final int BUF_REG_BGID = 12;

    // struct io_uring_getevents_arg (24) and __kernel_timespec (16)
    static final int GETEVENTS_ARG_SIZE = 24;
    static final int GETEVENTS_ARG_TS = 16;
    static final int TIMESPEC_SIZE = 16;

    // errno values io_uring_setup/enter report that the SPI's Errno does not name
    static final int EBUSY = 16;
    static final int ENOSYS = 38;
    static final int ETIME = 62;

    static final int MAX_ENTRIES = 32768;
    static final int MAX_CQ_ENTRIES = 2 * MAX_ENTRIES;
}
