import io.polyloop.posix.*;
import java.nio.*;

public class CallBench {
    static long sink;
    public static void main(String[] a) {
        int rounds = 5, n = 1_000_000;
        NativeMemory m = NativeMemory.allocate(64);
        long base = m.address();
        ByteBuffer b = m.buffer().order(ByteOrder.nativeOrder());
        int efd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK);
        int u = LibC.socket(2, 2 | LinuxConstants.SOCK_NONBLOCK, 0);
        b.putShort(0, (short) 2); b.put(2, (byte) 0); b.put(3, (byte) 0); b.put(4,(byte)127); b.put(5,(byte)0); b.put(6,(byte)0); b.put(7,(byte)1);
        if (LibC.bind(u, base, 16) != 0) throw new IllegalStateException("bind " + Errors.lastErrno());
        b.putInt(16, 16);
        LibC.getsockname(u, base, base + 16);
        if (LibC.connect(u, base, 16) != 0) throw new IllegalStateException("connect " + Errors.lastErrno());
        long buf = base + 32;
        System.out.println("binding " + Ffm.binding());
        for (int r = 0; r < rounds + 1; r++) {
            StringBuilder sb = new StringBuilder(r == 0 ? "warm " : "r" + r + " ");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { LibC.eventfd_write(efd, 1); sink += LibC.eventfd_read(efd, buf); }
            sb.append(String.format("eventfd w+r %.0f  ", (System.nanoTime() - t0) / (double) n));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { sink += LibC.recv(u, buf, 8, LinuxConstants.MSG_DONTWAIT); }
            sb.append(String.format("recv EAGAIN dontwait %.0f  ", (System.nanoTime() - t0) / (double) n));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { sink += LibC.recv(u, buf, 8, 0); }
            sb.append(String.format("recv EAGAIN 0 %.0f  ", (System.nanoTime() - t0) / (double) n));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { sink += LibC.send(u, buf, 1, LinuxConstants.MSG_DONTWAIT); sink += LibC.recv(u, buf, 8, LinuxConstants.MSG_DONTWAIT); }
            sb.append(String.format("udp send+recv dontwait %.0f  ", (System.nanoTime() - t0) / (double) n));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { sink += LibC.send(u, buf, 1, 0); sink += LibC.recv(u, buf, 8, 0); }
            sb.append(String.format("udp send+recv 0 %.0f  ", (System.nanoTime() - t0) / (double) n));
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { sink += LibC.send(-1, buf, 1, LinuxConstants.MSG_DONTWAIT); }
            sb.append(String.format("send EBADF dontwait %.0f", (System.nanoTime() - t0) / (double) n));
            System.out.println(sb);
        }
        if (sink == 42) System.out.println();
    }
}
