package io.polyloop.iouring;

import io.polyloop.posix.Ffm;
import io.polyloop.posix.LinuxConstants;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * io_uring_enter goes through the binding the build expects (the test-ffm run sets {@code polyloop.test.binding=ffm}
 * on the JDK 22+; the Java 17 run expects JNA), and returns -errno either way.
 */
class IoUringBindingTest {
    private static final int EFAULT = 14;

    @Test
    void bindingIsTheExpectedOne() {
        String expected = System.getProperty("polyloop.test.binding",
                Runtime.version().feature() < 22 ? "jna" : null);
        assumeTrue(expected != null, "Java 22+ without polyloop.test.binding: either binding may be right");
        assertEquals(expected, Ffm.binding(), "cause: " + Ffm.unavailabilityCause());
    }

    @Test
    void enterOnABadDescriptorReturnsMinusEbadf() {
        assertEquals(-LinuxConstants.EBADF, Sys.enter(-1, 0, 0, 0, 0, 0));
        assertEquals(-EFAULT, Sys.setup(1, 0)); // JNA between two FFM calls: a NULL io_uring_params
        assertEquals(-LinuxConstants.EBADF, Sys.enter(-1, 0, 1, 1, 0, 0));
    }
}
