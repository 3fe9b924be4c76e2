package io.polyloop.conformance;

import io.polyloop.spi.Errno;
import io.polyloop.spi.FileFlags;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message and positional operations: UDP datagrams over 127.0.0.1 and ::1, and regular files (read and write at
 * offsets, fsync, append). A backend module's test extends it and names its provider.
 */
public abstract class DatagramFileConformance extends ConformanceSupport {

    @Test
    @Timeout(20)
    void udpRoundTrip() {
        udpRoundTrip(LOOPBACK);
    }

    @Test
    @Timeout(20)
    void ipv6LoopbackUdpRoundTrip() {
        assumeIpv6Loopback();
        udpRoundTrip(IPV6_LOOPBACK);
    }

    /**
     * CONNECT on a UDP socket sets its default peer (no handshake): SEND and RECV then work without addresses, and the
     * kernel drops datagrams from anyone else (connect(2); Winsock connect page, "For a connectionless socket").
     */
    @Test
    @Timeout(20)
    void connectedUdpTalksOnlyToItsPeer() {
        IoHandle a = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        IoHandle peer = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        IoHandle stranger = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        InetSocketAddress aAddr = localAddress(a);
        assertEquals(0, loop.io(new IoRequest().connect(a, localAddress(peer))));
        ByteBuffer atPeer = ByteBuffer.allocateDirect(100);
        CompletableFuture<IoRequest> rx = loop.submitAsync(new IoRequest().recvFrom(peer, atPeer));
        assertEquals(4, loop.io(new IoRequest().send(a, text("conn"))));
        assertEquals(aAddr, LoopHarness.join(rx).address(), "a connected SEND goes to the peer");
        assertEquals("conn", StandardCharsets.UTF_8.decode(atPeer.limit(4)).toString());

        assertEquals(5, loop.io(new IoRequest().sendTo(stranger, text("noise"), aAddr)));
        assertEquals(4, loop.io(new IoRequest().sendTo(peer, text("peer"), aAddr)));
        ByteBuffer atA = ByteBuffer.allocateDirect(100);
        assertEquals(4, loop.io(new IoRequest().recv(a, atA)), "the stranger's datagram is filtered out");
        assertEquals("peer", StandardCharsets.UTF_8.decode(atA.limit(4)).toString());
        assertEquals(0, close(a));
        assertEquals(0, close(peer));
        assertEquals(0, close(stranger));
    }

    private void udpRoundTrip(InetAddress on) {
        IoHandle a = loop.call(d -> d.openUdp(new InetSocketAddress(on, 0)));
        IoHandle b = loop.call(d -> d.openUdp(new InetSocketAddress(on, 0)));
        InetSocketAddress aAddr = localAddress(a);
        InetSocketAddress bAddr = localAddress(b);
        assertEquals(on, aAddr.getAddress());
        ByteBuffer in = ByteBuffer.allocateDirect(100);
        CompletableFuture<IoRequest> rx = loop.submitAsync(new IoRequest().recvFrom(b, in));
        assertEquals(4, loop.io(new IoRequest().sendTo(a, text("dgrm"), bAddr)));
        IoRequest got = LoopHarness.join(rx);
        assertEquals(4, got.result());
        assertEquals(aAddr, got.address(), "sender address");
        assertEquals("dgrm", StandardCharsets.UTF_8.decode(in.limit(4)).toString());
        ByteBuffer back = ByteBuffer.allocateDirect(100);
        CompletableFuture<IoRequest> rx2 = loop.submitAsync(new IoRequest().recvFrom(a, back));
        assertEquals(4, loop.io(new IoRequest().sendTo(b, text("back"), got.address())));
        assertEquals(bAddr, LoopHarness.join(rx2).address());
        assertEquals("back", StandardCharsets.UTF_8.decode(back.limit(4)).toString());
        assertEquals(0, close(a));
        assertEquals(0, close(b));
    }

    @Test
    @Timeout(20)
    void fileWriteReadAtOffsetsAndFsync() throws Exception {
        Path f = Files.createTempFile("polyloop-conformance", ".bin");
        try {
            int flags = FileFlags.READ | FileFlags.WRITE | FileFlags.CREATE | FileFlags.TRUNCATE;
            IoHandle h = loop.call(d -> d.openFile(f, flags));
            assertEquals(5, loop.io(new IoRequest().write(h, text("world"), 6)));
            assertEquals(6, loop.io(new IoRequest().write(h, text("hello "), 0)));
            assertEquals(0, loop.io(new IoRequest().fsync(h, false)));
            assertEquals(0, loop.io(new IoRequest().fsync(h, true)));
            ByteBuffer dst = ByteBuffer.allocateDirect(32);
            assertEquals(11, loop.io(new IoRequest().read(h, dst, 0)));
            assertEquals("hello world", StandardCharsets.UTF_8.decode(dst.limit(11)).toString());
            dst.clear();
            assertEquals(5, loop.io(new IoRequest().read(h, dst, 6)));
            assertEquals("world", StandardCharsets.UTF_8.decode(dst.limit(5)).toString());
            dst.clear();
            assertEquals(0, loop.io(new IoRequest().read(h, dst, 100)), "EOF");
            assertEquals(-Errno.EINVAL, loop.io(new IoRequest().recv(h, dst)), "a file is not a stream");
            assertEquals(0, close(h));
            assertEquals(-Errno.EBADF, loop.io(new IoRequest().read(h, dst, 0)));
            assertEquals("hello world", Files.readString(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /**
     * {@link FileFlags#APPEND}: every WRITE lands at the end of the file, whatever its position says, and leaves no
     * hole; READ still honours its position. This is what Linux does for pwrite(2) on an O_APPEND descriptor (see
     * BUGS in pwrite(2): POSIX wants the offset honoured, Linux appends) and what an appending log wants; the kit holds
     * every backend to it, so one on an OS that honours the offset must write at the end of file itself.
     */
    @Test
    @Timeout(20)
    void appendIgnoresTheWritePosition() throws Exception {
        Path f = Files.createTempFile("polyloop-conformance", ".log");
        try {
            Files.writeString(f, "xyz");
            IoHandle h = loop.call(d -> d.openFile(f, FileFlags.READ | FileFlags.WRITE | FileFlags.APPEND));
            assertEquals(3, loop.io(new IoRequest().write(h, text("abc"), 0)), "position 0: appended, not overwritten");
            assertEquals(3, loop.io(new IoRequest().write(h, text("def"), 1)));
            assertEquals(3, loop.io(new IoRequest().write(h, text("ghi"), 100)), "past the end: appended, no hole");
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            assertEquals(12, loop.io(new IoRequest().read(h, dst, 0)));
            assertEquals("xyzabcdefghi", StandardCharsets.UTF_8.decode(dst.limit(12)).toString());
            dst.clear();
            assertEquals(3, loop.io(new IoRequest().read(h, dst, 9)), "READ honours its position");
            assertEquals("ghi", StandardCharsets.UTF_8.decode(dst.limit(3)).toString());
            assertEquals(0, close(h));
            assertEquals(12, Files.size(f));
            assertEquals("xyzabcdefghi", Files.readString(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Without APPEND the same writes land where their positions say, so the test above tests the flag. */
    @Test
    @Timeout(20)
    void withoutAppendAWriteLandsAtItsPosition() throws Exception {
        Path f = Files.createTempFile("polyloop-conformance", ".bin");
        try {
            Files.writeString(f, "xyz");
            IoHandle h = loop.call(d -> d.openFile(f, FileFlags.READ | FileFlags.WRITE));
            assertEquals(3, loop.io(new IoRequest().write(h, text("abc"), 0)));
            assertEquals(3, loop.io(new IoRequest().write(h, text("ghi"), 10)));
            assertEquals(0, close(h));
            byte[] all = Files.readAllBytes(f);
            assertEquals(13, all.length, "a write past the end leaves a hole");
            assertEquals("abc", new String(all, 0, 3, StandardCharsets.UTF_8));
            assertTrue(all[5] == 0 && all[9] == 0, "the hole reads as zeros");
            assertEquals("ghi", new String(all, 10, 3, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
