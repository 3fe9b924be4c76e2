package io.polyloop.scheduler.net;

import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend whose drivers count, per operation, the cancels they are asked for (proves a cancel got there) and
 * the requests submitted (proves writes were gathered).
 */
final class CancelCountingProvider implements IoBackendProvider {
    private final IoBackendProvider delegate;
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> cancels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> submits = new ConcurrentHashMap<>();

    CancelCountingProvider(IoBackendProvider delegate) {
        this.delegate = delegate;
    }

    /** @return how many submitted requests of {@code op} the runtime asked a driver to cancel */
    int cancels(IoRequest.Op op) {
        AtomicInteger n = cancels.get(op);
        return n == null ? 0 : n.get();
    }

    /** @return how many requests of {@code op} the runtime submitted */
    int submits(IoRequest.Op op) {
        AtomicInteger n = submits.get(op);
        return n == null ? 0 : n.get();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int rank() {
        return delegate.rank();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        return new Counting(delegate.open(options));
    }

    private final class Counting extends ForwardingDriver {
        Counting(IoDriver d) {
            super(d);
        }

        @Override
        public boolean cancel(IoRequest request) {
            boolean taken = delegate().cancel(request);
            if (taken) {
                cancels.computeIfAbsent(request.op(), k -> new AtomicInteger()).incrementAndGet();
            }
            return taken;
        }

        @Override
        public void submit(IoRequest request) {
            submits.computeIfAbsent(request.op(), k -> new AtomicInteger()).incrementAndGet();
            delegate().submit(request);
        }
    }
}
