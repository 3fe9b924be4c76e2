package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.UdpSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UDP through the runtime: datagrams with addresses, connect, options, multicast on loopback. */
abstract class UdpSuite extends IoApiFixture {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.US_ASCII);
    }

    @Test
    void datagramsCarryTheirSenderAndAreTruncatedToTheBuffer() throws Exception {
        UdpSocket a = await(rt.bindUdp(anyLoopbackPort()));
        UdpSocket b = await(rt.bindUdp(anyLoopbackPort()));
        assertTrue(a.localAddress().getPort() > 0);
        ByteBuffer in = ByteBuffer.allocate(64);
        Task<InetSocketAddress> received = b.receive(in);
        await(a.send(ascii("hello"), b.localAddress()));
        assertEquals(a.localAddress(), await(received));
        assertEquals("hello", text(in));
        ByteBuffer small = ByteBuffer.allocateDirect(4);
        Task<InetSocketAddress> truncated = b.receive(small);
        await(a.send(ascii("truncated"), b.localAddress()));
        await(truncated);
        assertEquals("trun", text(small));
        for (int i = 0; i < 20; i++) { // in order, one at a time, none lost on loopback
            await(b.send(ascii("n" + i), a.localAddress()));
        }
        for (int i = 0; i < 20; i++) {
            ByteBuffer d = ByteBuffer.allocate(16);
            assertEquals(b.localAddress(), await(a.receive(d)));
            assertEquals("n" + i, text(d));
        }
        a.close();
        await(b.closeAsync());
        assertFalse(b.isOpen());
    }

    @Test
    void aDatagramTooLargeFailsAloneAndTheOneQueuedBehindItStillGoes() throws Exception {
        UdpSocket a = await(rt.bindUdp(anyLoopbackPort()));
        UdpSocket b = await(rt.bindUdp(anyLoopbackPort()));
        InetSocketAddress to = b.localAddress();
        CompletableFuture<List<Task<Void>>> sent = new CompletableFuture<>();
        // Issued back to back on a's loop (inside a's receive completion), so "big" and "after" are both queued
        // behind "first", which is with the driver; they are served when "first" completes.
        a.receive(ByteBuffer.allocate(16)).whenComplete((from, failure) -> sent.complete(List.of(
                a.send(ascii("first"), to), a.send(ByteBuffer.allocate(70_000), to), a.send(ascii("after"), to))));
        await(b.send(ascii("go"), a.localAddress()));
        List<Task<Void>> sends = sent.get(10, TimeUnit.SECONDS);
        await(sends.get(0));
        ExecutionException tooLarge = assertThrows(ExecutionException.class,
                () -> sends.get(1).get(10, TimeUnit.SECONDS));
        assertTrue(tooLarge.getCause() instanceof IOException
                && tooLarge.getCause().getMessage().contains("datagram of 70000 bytes is larger than"),
                String.valueOf(tooLarge.getCause()));
        await(sends.get(2)); // nothing else is sent: only the pass that failed "big" can serve it
        for (String expected : List.of("first", "after")) {
            ByteBuffer in = ByteBuffer.allocate(64);
            assertEquals(a.localAddress(), await(b.receive(in)));
            assertEquals(expected, text(in));
        }
        a.close();
        b.close();
    }

    @Test
    void aConnectedSocketSendsToItsPeerAndHearsOnlyIt() throws Exception {
        UdpSocket a = await(rt.bindUdp(anyLoopbackPort()));
        UdpSocket b = await(rt.bindUdp(anyLoopbackPort()));
        UdpSocket stranger = await(rt.bindUdp(anyLoopbackPort()));
        assertThrows(NotYetConnectedException.class, () -> a.send(ascii("x")));
        await(a.connect(b.localAddress()));
        ByteBuffer in = ByteBuffer.allocate(16);
        Task<InetSocketAddress> got = a.receive(in);
        await(stranger.send(ascii("ignored"), a.localAddress()));
        await(b.send(ascii("peer"), a.localAddress()));
        assertEquals(b.localAddress(), await(got));
        assertEquals("peer", text(in));
        ByteBuffer back = ByteBuffer.allocate(16);
        Task<InetSocketAddress> atB = b.receive(back);
        await(a.send(ascii("reply")));
        assertEquals(a.localAddress(), await(atB));
        a.close();
        b.close();
        stranger.close();
    }

    @Test
    void optionsAndBadOptions() throws Exception {
        UdpSocket s = await(rt.bindUdp(anyLoopbackPort()));
        await(s.setOption(StandardSocketOptions.SO_BROADCAST, true));
        assertTrue(await(s.getOption(StandardSocketOptions.SO_BROADCAST)));
        await(s.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024));
        assertTrue(await(s.getOption(StandardSocketOptions.SO_RCVBUF)) >= 64 * 1024);
        var e = assertThrows(IllegalArgumentException.class,
                () -> s.setOption(StandardSocketOptions.TCP_NODELAY, true));
        assertTrue(e.getMessage().contains("TCP_NODELAY") && e.getMessage().contains("SO_BROADCAST"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 300));
        var notMulticast = assertThrows(IllegalArgumentException.class,
                () -> s.joinGroup(InetAddress.getByName("10.0.0.1"), null));
        assertTrue(notMulticast.getMessage().contains("not a multicast address"), notMulticast.getMessage());
        s.close();
    }

    @Test
    void aCancelledReceiveIsCancelledInTheBackend() throws Exception {
        UdpSocket s = await(rt.bindUdp(anyLoopbackPort()));
        Task<InetSocketAddress> r = s.receive(ByteBuffer.allocate(8));
        Thread.sleep(50);
        assertTrue(r.cancel());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (provider.cancels(io.polyloop.spi.IoRequest.Op.RECV_FROM) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, provider.cancels(io.polyloop.spi.IoRequest.Op.RECV_FROM));
        UdpSocket peer = await(rt.bindUdp(anyLoopbackPort()));
        ByteBuffer in = ByteBuffer.allocate(8);
        Task<InetSocketAddress> next = s.receive(in);
        await(peer.send(ascii("ok"), s.localAddress()));
        assertEquals(peer.localAddress(), await(next));
        s.close();
        peer.close();
    }

    /**
     * Multicast kept inside this host: TTL 0 (never forwarded) and IP_MULTICAST_LOOP on, so the datagram reaches
     * local members only. The group is joined on the interface the OS routes the group to (loopback when it has the
     * MULTICAST flag); skipped, saying why, where no interface can carry multicast.
     */
    @Test
    void multicastJoinReceiveAndLeaveInsideTheHost() throws Exception {
        boolean anyMulticast = java.util.Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .anyMatch(UdpSuite::multicastCapable);
        Assumptions.assumeTrue(anyMulticast, "no interface up with the MULTICAST flag on this machine");
        InetAddress group = InetAddress.getByName("239.255.77.77");
        UdpSocket member = await(rt.bindUdp(new InetSocketAddress(0))); // wildcard: receives the group's datagrams
        UdpSocket sender = await(rt.bindUdp(new InetSocketAddress(0)));
        await(sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true));
        assertTrue(await(sender.getOption(StandardSocketOptions.IP_MULTICAST_LOOP)));
        await(sender.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0)); // never leaves the host
        assertEquals(0, await(sender.getOption(StandardSocketOptions.IP_MULTICAST_TTL)));
        try {
            await(member.joinGroup(group, null)); // the interface the OS routes the group to
        } catch (ExecutionException e) {
            Assumptions.abort("joining a multicast group failed here (no multicast route?): " + e.getCause());
        }
        InetSocketAddress target = new InetSocketAddress(group, member.localAddress().getPort());
        ByteBuffer in = ByteBuffer.allocate(32);
        Task<InetSocketAddress> got = member.receive(in);
        for (int i = 0; i < 50 && !got.isDone(); i++) {
            Task<Void> sent = sender.send(ascii("to the group"), target);
            try {
                await(sent);
            } catch (ExecutionException e) {
                Assumptions.abort("sending to a multicast group failed here (no multicast route?): " + e.getCause());
            }
            Thread.sleep(20);
        }
        assertEquals(sender.localAddress().getPort(), got.get(1, TimeUnit.SECONDS).getPort());
        assertEquals("to the group", text(in));
        await(member.leaveGroup(group, null));
        ExecutionException twice = assertThrows(ExecutionException.class,
                () -> member.leaveGroup(group, null).get(5, TimeUnit.SECONDS));
        assertTrue(twice.getCause().getMessage().contains("leave multicast group"), twice.getCause().getMessage());
        member.close();
        sender.close();
    }

    private static boolean multicastCapable(NetworkInterface n) {
        try {
            return n.isUp() && n.supportsMulticast();
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
