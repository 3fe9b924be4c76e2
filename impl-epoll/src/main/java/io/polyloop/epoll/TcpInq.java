package io.polyloop.epoll;

/**
 * recvmsg(2) with the TCP_INQ hint (Linux 4.18, {@code linux/tcp.h}): a socket with the option on gets, with every
 * recvmsg, a control message saying how many bytes are still in its receive queue. A receive that filled its buffer
 * then knows whether more is there, so the EAGAIN recv that would otherwise confirm an empty queue is not needed
 * (the echo's 4 KiB case: 16 pipelined messages fill a 64 KiB read exactly, and every such read cost one more recv).
 * After the peer's FIN the hint is at least 1 (the kernel says "read on"), so the end of the stream is never missed.
 * The call itself is the posix bundle's {@code LibC.recvmsg} (a hot call: FFM where available). Constants only.
 *
 * <p>Layouts for the LP64 Linux ABIs (x86-64, aarch64): {@code struct msghdr} (control pointer at 32, its length at
 * 40, flags at 48, 56 bytes), {@code struct cmsghdr} (len 8 bytes, level at 8, type at 12, data at 16).
 */
final class TcpInq {
    static final int SOL_TCP = 6;
    /** The socket option, and the type of its control message (TCP_CM_INQ = TCP_INQ). */
    static final int TCP_INQ = 36;
    static final int MSGHDR_CONTROL_OFFSET = 32;
    static final int MSGHDR_CONTROLLEN_OFFSET = 40;
    static final int MSGHDR_FLAGS_OFFSET = 48;
    static final int CMSG_LEVEL_OFFSET = 8;
    static final int CMSG_TYPE_OFFSET = 12;
    static final int CMSG_DATA_OFFSET = 16;
    /** CMSG_LEN(sizeof(int)): what the kernel writes. */
    static final int CMSG_LEN = CMSG_DATA_OFFSET + 4;
    /** CMSG_SPACE(sizeof(int)): the control buffer offered. */
    static final int CMSG_SPACE = 24;

    private TcpInq() {
    }
}
