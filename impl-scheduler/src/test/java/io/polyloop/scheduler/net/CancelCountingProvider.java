package io.polyloop.scheduler.net;

import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.scheduler.testkit.ForwardingProvider;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend whose drivers count, per operation, the cancels they are asked for (proves a cancel got there) and
 * the requests submitted (proves writes were gathered); and, per CONNECT, its socket, how the driver completed it and
 * whether that socket was closed (proves a cancelled connect ended in the kernel and leaked no socket).
 */
final class CancelCountingProvider extends ForwardingProvider {
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> cancels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IoRequest.Op, AtomicInteger> submits = new ConcurrentHashMap<>();
    private final List<ConnectTrace> connects = new CopyOnWriteArrayList<>();
    /** Identity, not equals: a closed descriptor number is reused by the next socket. */
    private final Set<IoHandle> closed = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** One CONNECT a driver took: its socket, and the driver's result once it completed it. */
    static final class ConnectTrace {
        private static final int NONE = Integer.MIN_VALUE;
        final IoHandle handle;
        private volatile int result = NONE;

        ConnectTrace(IoHandle handle) {
            this.handle = handle;
        }

        /** @return true once the driver completed the CONNECT */
        boolean completed() {
            return result != NONE;
        }

        /** @return the driver's result (0 connected, a negative errno otherwise); only once {@link #completed()} */
        int result() {
            return result;
        }
    }

    CancelCountingProvider(IoBackendProvider delegate) {
        super(delegate);
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

    /** @return the CONNECTs submitted so far, in submission order */
    List<ConnectTrace> connects() {
        return List.copyOf(connects);
    }

    /** @return true once a CLOSE of {@code handle} completed */
    boolean closed(IoHandle handle) {
        return closed.contains(handle);
    }

    @Override
    protected IoDriver wrap(IoDriver real) {
        return new Counting(real);
    }

    private final class Counting extends ForwardingDriver {
        private final ConcurrentHashMap<IoRequest, ConnectTrace> inFlight = new ConcurrentHashMap<>();
        private CompletionSink lastSink;
        private CompletionSink tracing;

        Counting(IoDriver d) {
            super(d);
        }

        /** Records CONNECT results and completed CLOSEs, then hands the request on (the sink may reuse it). */
        private CompletionSink tracing(CompletionSink sink) {
            if (sink != lastSink) {
                lastSink = sink;
                tracing = r -> {
                    if (r.op() == IoRequest.Op.CONNECT) {
                        ConnectTrace t = inFlight.remove(r);
                        if (t != null) {
                            t.result = r.result();
                        }
                    } else if (r.op() == IoRequest.Op.CLOSE) {
                        closed.add(r.handle());
                    }
                    sink.onCompletion(r);
                };
            }
            return tracing;
        }

        @Override
        public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
            return delegate().poll(tracing(sink), timeoutNanos);
        }

        @Override
        public void close(CompletionSink sink) {
            delegate().close(tracing(sink));
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
            if (request.op() == IoRequest.Op.CONNECT) {
                ConnectTrace t = new ConnectTrace(request.handle());
                inFlight.put(request, t);
                connects.add(t);
            }
            delegate().submit(request);
        }
    }
}
