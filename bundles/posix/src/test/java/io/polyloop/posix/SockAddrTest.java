package io.polyloop.posix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SockAddrTest {
    private final NativeMemory mem = NativeMemory.allocate(256);
    private final SockAddr codec = new SockAddr();

    @AfterEach
    void free() {
        mem.free();
        mem.free(); // idempotent
    }

    @Test
    void ipv4RoundTrip() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        assertEquals(16, codec.encode(a, false, mem.buffer(), 0));
        assertEquals(0x1f, mem.buffer().get(2) & 0xff); // port 8080 in network order
        assertEquals(0x90, mem.buffer().get(3) & 0xff);
        assertEquals(a, new SockAddr().decode(mem.buffer(), 0, 16));
    }

    @Test
    void ipv6AndMappedRoundTrip() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertEquals(28, codec.encode(v6, true, mem.buffer(), 8));
        assertEquals(v6, new SockAddr().decode(mem.buffer(), 8, 28));
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 53);
        assertEquals(28, codec.encode(v4, true, mem.buffer(), 0));
        assertEquals(v4, new SockAddr().decode(mem.buffer(), 0, 28));
    }

    @Test
    void rejectsUnresolvedAndWrongFamily() throws Exception {
        assertEquals(-22, codec.encode(InetSocketAddress.createUnresolved("x", 1), false, mem.buffer(), 0));
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 1);
        assertEquals(-97, codec.encode(v6, false, mem.buffer(), 0));
    }

    @Test
    void decodeCachesTheLastPeer() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9);
        codec.encode(a, false, mem.buffer(), 0);
        InetSocketAddress d1 = codec.decode(mem.buffer(), 0, 16);
        assertSame(d1, codec.decode(mem.buffer(), 0, 16));
    }

    @Test
    void matchesTheKernelsGetsockname() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int fd = LibC.socket(LinuxConstants.AF_INET, LinuxConstants.SOCK_STREAM | LinuxConstants.SOCK_CLOEXEC, 0);
            assertTrue(fd >= 0);
            try {
                InetSocketAddress target = (InetSocketAddress) ss.getLocalSocketAddress();
                int len = codec.encode(target, false, mem.buffer(), 0);
                assertEquals(0, LibC.connect(fd, mem.address(), len), "errno " + Errors.lastErrno());
                mem.buffer().putInt(200, 128);
                assertEquals(0, LibC.getpeername(fd, mem.address() + 64, mem.address() + 200));
                assertEquals(target, codec.decode(mem.buffer(), 64, mem.buffer().getInt(200)));
            } finally {
                LibC.close(fd);
            }
        }
    }
}
