import io.polyloop.posix.*;
import java.lang.management.*;

public class AllocCheck {
    static long sink;
    public static void main(String[] a) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NativeMemory m = NativeMemory.allocate(64);
        long buf = m.address();
        int efd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK);
        for (int r = 0; r < 4; r++) {
            long tid = Thread.currentThread().getId();
            long b0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1_000_000; i++) {
                LibC.eventfd_write(efd, 1);
                sink += LibC.eventfd_read(efd, buf);
                sink += LibC.recv(-1, buf, 8, LinuxConstants.MSG_DONTWAIT);
                sink += LibC.send(-1, buf, 8, 0);
                sink += Errors.lastErrno();
            }
            System.out.println(Ffm.binding() + " round " + r + ": bytes allocated per 4 calls " + (mx.getThreadAllocatedBytes(tid) - b0) / 1e6);
        }
    }
}
