package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.Ffm;
import io.polyloop.posix.LinuxConstants;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * epoll_wait goes through the binding the build expects (the test-ffm run sets {@code polyloop.test.binding=ffm} on
 * the JDK 22+; the Java 17 run expects JNA), and its errno is right either way.
 */
class EpollBindingTest {

    @Test
    void bindingIsTheExpectedOne() {
        String expected = System.getProperty("polyloop.test.binding",
                Runtime.version().feature() < 22 ? "jna" : null);
        assumeTrue(expected != null, "Java 22+ without polyloop.test.binding: either binding may be right");
        assertEquals(expected, Ffm.binding(), "cause: " + Ffm.unavailabilityCause());
    }

    @Test
    void epollWaitOnABadDescriptorSetsEbadf() {
        assertEquals(-1, Epoll.epoll_wait(-1, 0, 1, 0));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
        assertEquals(-1, Epoll.epoll_create1(-1)); // JNA: EINVAL
        assertEquals(LinuxConstants.EINVAL, Errors.lastErrno());
        assertEquals(-1, Epoll.epoll_wait(-1, 0, 1, 1));
        assertEquals(LinuxConstants.EBADF, Errors.lastErrno());
    }
}
