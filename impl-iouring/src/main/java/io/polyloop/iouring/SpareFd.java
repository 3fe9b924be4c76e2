package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;

import java.nio.charset.StandardCharsets;

/**
 * Out of descriptors on accept (EMFILE/ENFILE): one spare fd on /dev/null, freed to accept(2) and close every
 * connection queued on the listener, so that their clients see a reset instead of hanging, then taken back (libuv's
 * trick, as epoll's Acceptor does). With io_uring the queued connections would otherwise stay queued: the ACCEPT
 * completes -EMFILE, and a multishot ACCEPT ends. The listener is non-blocking, so the loop ends at EAGAIN. Not
 * thread safe: loop thread only.
 */
final class SpareFd {
    private int fd = open();

    /** Sheds the connections queued on {@code listenerFd}. @return how many were shed */
    int shed(int listenerFd) {
        if (fd < 0) {
            fd = open(); // a previous shed could not take it back: try again, shed nothing if still none
            return 0;
        }
        LibC.close(fd);
        int shed = 0;
        int c;
        while ((c = LibC.accept4(listenerFd, 0, 0, LinuxConstants.SOCK_CLOEXEC)) >= 0
                || Errors.lastErrno() == LinuxConstants.EINTR) {
            if (c >= 0) {
                LibC.close(c);
                shed++;
            }
        }
        fd = open();
        return shed;
    }

    void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }

    private static int open() {
        return LibC.open("/dev/null\0".getBytes(StandardCharsets.US_ASCII),
                LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
    }
}
