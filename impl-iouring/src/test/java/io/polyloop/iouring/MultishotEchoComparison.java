package io.polyloop.iouring;

import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Not a test (no assertion, not run by surefire): a short loopback echo of 64-byte messages over 16 connections on
 * one driver, single-shot vs multishot, 2 s each after a 1 s warm-up, printing round trips per second. Run it by
 * hand: {@code java -cp <test classpath> io.polyloop.iouring.MultishotEchoComparison}. Real figures belong in bench/.
 */
public final class MultishotEchoComparison {
    private static final int CONNECTIONS = 16;
    private static final int MESSAGE = 64;

    private MultishotEchoComparison() {
    }

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (boolean multishot : new boolean[] {false, true}) {
                long n = run(multishot, 1_000);
                n = run(multishot, 2_000);
                System.out.printf("round %d %-11s %,10d round trips/s%n", round,
                        multishot ? "multishot" : "single-shot", n / 2);
            }
        }
    }

    private static long run(boolean multishot, long millis) throws Exception {
        IoDriver d = MultishotProvider.REAL.open(new DriverOptions("echo", 256, 1,
                Map.of(IoUringBackendProvider.MULTISHOT, multishot)));
        long[] trips = new long[1];
        Consumer<IoRequest> sink = r -> ((Consumer<IoRequest>) r.attachment()).accept(r);
        try {
            IoHandle listener = d.openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64,
                    false);
            InetSocketAddress target = d.localAddress(listener);
            List<IoHandle[]> pairs = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                IoHandle c = d.openTcp(false);
                IoRequest a = new IoRequest().accept(listener).attachment((Consumer<IoRequest>) r -> { });
                IoRequest k = new IoRequest().connect(c, target).attachment((Consumer<IoRequest>) r -> { });
                d.submit(a);
                d.submit(k);
                while (!a.isCompleted() || !k.isCompleted()) {
                    d.poll(sink::accept, 100_000_000L);
                }
                pairs.add(new IoHandle[] {c, a.accepted()});
            }
            for (IoHandle[] p : pairs) {
                new Echo(d, p[1]).recv();
                new Client(d, p[0], trips).send();
            }
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                d.poll(sink::accept, 10_000_000L);
            }
            return trips[0];
        } finally {
            d.close(r -> { });
        }
    }

    /** Server side: receives what comes and sends it back. */
    private static final class Echo {
        final IoDriver d;
        final IoHandle h;
        final ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
        final IoRequest rx = new IoRequest();
        final IoRequest tx = new IoRequest();

        Echo(IoDriver d, IoHandle h) {
            this.d = d;
            this.h = h;
        }

        void recv() {
            buf.clear();
            d.submit(rx.recv(h, buf).attachment((Consumer<IoRequest>) this::received));
        }

        void received(IoRequest r) {
            if (r.result() <= 0) {
                return;
            }
            buf.position(0).limit(r.result());
            d.submit(tx.send(h, buf).attachment((Consumer<IoRequest>) this::sent));
        }

        void sent(IoRequest r) {
            if (r.result() < 0) {
                return;
            }
            buf.position(buf.position() + r.result());
            if (buf.hasRemaining()) {
                d.submit(tx.send(h, buf).attachment((Consumer<IoRequest>) this::sent));
            } else {
                recv();
            }
        }
    }

    /** Client side: one 64-byte message out, waits for all 64 back, again. */
    private static final class Client {
        final IoDriver d;
        final IoHandle h;
        final long[] trips;
        final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
        final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);
        final IoRequest rx = new IoRequest();
        final IoRequest tx = new IoRequest();

        Client(IoDriver d, IoHandle h, long[] trips) {
            this.d = d;
            this.h = h;
            this.trips = trips;
        }

        void send() {
            out.clear();
            in.clear();
            d.submit(tx.send(h, out).attachment((Consumer<IoRequest>) r -> { }));
            d.submit(rx.recv(h, in).attachment((Consumer<IoRequest>) this::received));
        }

        void received(IoRequest r) {
            if (r.result() <= 0) {
                return;
            }
            in.position(in.position() + r.result());
            if (in.hasRemaining()) {
                d.submit(rx.recv(h, in).attachment((Consumer<IoRequest>) this::received));
            } else {
                trips[0]++;
                send();
            }
        }
    }
}
