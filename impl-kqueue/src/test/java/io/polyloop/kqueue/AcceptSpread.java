package io.polyloop.kqueue;

import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How a driver's listeners of one port share connections: two listeners opened with {@code reusePort} on one
 * loopback port, real clients connect one after another, and the driver (on the test thread) accepts on both. Not
 * thread safe.
 */
final class AcceptSpread {
    private AcceptSpread() {
    }

    /** @return connections each of the two listeners accepted, of {@code connections} made */
    static int[] acceptedPerListener(IoDriver d, int connections) throws IOException {
        IoHandle a = d.openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64, true);
        IoHandle b = d.openTcpListener(d.localAddress(a), 64, true); // binds: the port is shared
        List<IoRequest> done = new ArrayList<>();
        int[] accepted = new int[2];
        IoRequest onA = new IoRequest().accept(a);
        IoRequest onB = new IoRequest().accept(b);
        d.submit(onA);
        d.submit(onB);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(d.localAddress(a), 5_000);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (accepted[0] + accepted[1] < connections && System.nanoTime() < deadline) {
                d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(50));
                for (IoRequest r : done) {
                    if (r != onA && r != onB) {
                        continue; // a close
                    }
                    if (r.result() < 0) {
                        throw new IOException("accept failed: " + r);
                    }
                    d.submit(new IoRequest().close(r.accepted()));
                    boolean first = r == onA;
                    accepted[first ? 0 : 1]++;
                    IoRequest next = new IoRequest().accept(first ? a : b);
                    if (first) {
                        onA = next;
                    } else {
                        onB = next;
                    }
                    d.submit(next);
                }
                done.clear();
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            d.submit(new IoRequest().close(a));
            d.submit(new IoRequest().close(b));
            d.poll(done::add, 0);
        }
        assertEquals(connections, accepted[0] + accepted[1], "every connection accepted once");
        return accepted;
    }
}
