package io.polyloop.iocp;

import io.polyloop.posix.NativeMemory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Direct Winsock calls on a {@link Win32}, for tests of the emulation itself. Not thread safe. */
final class RawWinsock {
    private final Win32 win;
    private final NativeMemory mem = NativeMemory.allocate(1024);
    private final ByteBuffer view = mem.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);

    RawWinsock(Win32 win) {
        this.win = win;
        win.WSAStartup(WinConstants.WINSOCK_VERSION_2_2, mem.address());
    }

    /** A UDP socket bound to 127.0.0.1:0, with the default SIO_UDP_CONNRESET (on). */
    long udpSocket() {
        long s = win.WSASocketW(WinConstants.AF_INET, WinConstants.SOCK_DGRAM, WinConstants.IPPROTO_UDP, 0, 0,
                WinConstants.WSA_FLAG_OVERLAPPED);
        int len = SockAddrs.put(view, 0, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (win.bind(s, mem.address(), len) != 0) {
            throw new AssertionError("bind: " + win.lastError());
        }
        return s;
    }

    /** @return 0 or the Winsock error of an overlapped WSASendTo of 4 bytes */
    int sendTo(long s, InetSocketAddress to) {
        int len = SockAddrs.put(view, 128, to);
        view.putInt(256, 4);
        view.putLong(264, mem.address() + 512);
        clearOverlapped();
        int rc = win.WSASendTo(s, mem.address() + 256, 1, 0, 0, mem.address() + 128, len, mem.address() + 320, 0);
        return rc == 0 ? 0 : win.lastError();
    }

    /** @return the Winsock error of an overlapped WSARecvFrom that fails at once, or 0 if it did not */
    int recvFromError(long s) {
        view.putInt(256, 64);
        view.putLong(264, mem.address() + 512);
        view.putInt(300, 0);
        view.putInt(304, 128);
        clearOverlapped();
        int rc = win.WSARecvFrom(s, mem.address() + 256, 1, 0, mem.address() + 300, mem.address() + 128,
                mem.address() + 304, mem.address() + 320, 0);
        return rc == 0 ? 0 : win.lastError();
    }

    private void clearOverlapped() {
        for (int i = 0; i < 32; i += 8) {
            view.putLong(320 + i, 0);
        }
    }

    void free() {
        mem.free();
    }
}
