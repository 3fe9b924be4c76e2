package io.polyloop.iouring;

/**
 * The 64-bit {@code user_data} of our SQEs: it names the handle and the operation, so a CQE finds its request with
 * one array load (the handle table is indexed by fd) and a comparison, never a map lookup.
 * <pre>
 *   bits  0..31  fd of the handle (or the eventfd, or -1)
 *   bits 32..35  tag: which kind of operation
 *   bits 36..63  submission number of the request (28 bits), checked against the request at the head of its queue
 * </pre>
 * Never 0 (every tag is non-zero), so {@code IoRequest.driverWord() == 0} means "not in the kernel". Stateless.
 */
final class UserData {
    /** The head of a handle's read queue (RECV, RECV_FROM, ACCEPT). */
    static final int READ = 1;
    /** The head of a handle's write queue (SEND*, CONNECT; every file operation). */
    static final int WRITE = 2;
    /** An IORING_OP_ASYNC_CANCEL: its own CQE only says whether it found its target. */
    static final int CANCEL = 3;
    /** The read kept armed on the wake-up eventfd. */
    static final int WAKE = 4;
    /** A NOP (tests of the ring mechanics). */
    static final int NOP = 5;
    /** A multishot accept on a listener. */
    static final int ACCEPT_MULTI = 6;
    /** A multishot recv with buffers from the provided-buffer ring. */
    static final int RECV_MULTI = 7;

    private static final long SEQ_MASK = (1L << 28) - 1;

    private UserData() {
    }

    static long of(int tag, int fd, long seq) {
        return (seq & SEQ_MASK) << 36 | (long) tag << 32 | (fd & 0xffffffffL);
    }

    static int tag(long userData) {
        return (int) (userData >>> 32) & 0xf;
    }

    static int fd(long userData) {
        return (int) userData;
    }
}
