package io.polyloop.scheduler.net;

import io.polyloop.api.net.HostAndPort;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Name resolution through the runtime against this machine's resolver: the hosts file's {@code localhost}, IP
 * literals, and a name that cannot exist (RFC 2606 {@code .invalid}). The resolver does not involve the backend, so
 * one backend and strategy suffice; the buffer pool is checked here too.
 */
class ResolveTest extends IoApiFixture {
    @Override
    protected IoBackendProvider newProvider() {
        return new EpollBackendProvider();
    }

    @Test
    void localhostResolvesToLoopbackOnALoop() throws Exception {
        List<InetAddress> all = await(rt.resolve("localhost", Duration.ofSeconds(10)));
        assertTrue(!all.isEmpty() && all.stream().allMatch(InetAddress::isLoopbackAddress), String.valueOf(all));
        InetSocketAddress a = await(rt.resolve(HostAndPort.parse("localhost:6379"), Duration.ofSeconds(10)));
        assertEquals(6379, a.getPort());
        assertTrue(a.getAddress().isLoopbackAddress());
        assertEquals(InetAddress.getByName("::1"), await(rt.resolve("::1", Duration.ofSeconds(10))).get(0));
        String[] thread = new String[1];
        await(rt.resolve("127.0.0.1", Duration.ofSeconds(10)).thenAccept(x -> thread[0] = Thread.currentThread()
                .getName()));
        assertTrue(!thread[0].contains("-blocking"), "continuations never run on the blocking pool: " + thread[0]);
    }

    @Test
    void anUnknownNameFailsWithUnknownHostException() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> rt.resolve("no-such-host.invalid", Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS));
        assertInstanceOf(UnknownHostException.class, e.getCause());
        assertThrows(IllegalArgumentException.class, () -> rt.resolve("localhost", Duration.ofSeconds(-1)));
    }

    @Test
    void theRuntimeBufferPoolIsBoundedAndLeakFree() {
        var pool = rt.buffers();
        assertTrue(pool.maxRetainedBytes() > 0);
        try (var b = pool.acquire(1000)) {
            assertTrue(b.buffer().isDirect());
            assertEquals(1, pool.outstanding());
        }
        assertEquals(0, pool.outstanding());
        assertEquals(0, pool.leaks());
    }
}
