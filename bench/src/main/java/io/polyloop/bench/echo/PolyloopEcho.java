package io.polyloop.bench.echo;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The echo server on polyloop: per connection read → write back → read, driven by task completions. Unlike
 * bundles/example-echo's EchoServer (which posts the continuation of an already complete operation), it trampolines:
 * an operation complete at issue is handled in a bounded loop on the same stack, the way a tuned server would.
 */
final class PolyloopEcho implements BenchEchoServer {
    /**
     * The most bytes read (and so written back) per turn of a connection: 64 KiB, the most Netty's echo reads per
     * recv (its default AdaptiveRecvByteBufAllocator: 64 B min, 2 KiB initial, 64 KiB max). A loan is taken only
     * when bytes are there, so a big max costs an idle connection nothing.
     */
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Immediate completions handled in a row before yielding to the loop, so one connection cannot hog it. */
    private static final int MAX_INLINE = 16;

    private final IoRuntime runtime;
    private final TcpListener listener;
    private final String description;

    private PolyloopEcho(IoRuntime runtime, TcpListener listener, String description) {
        this.runtime = runtime;
        this.listener = listener;
        this.description = description;
    }

    static PolyloopEcho open(String backend, String strategy, int threads) throws Exception {
        String why = unavailability(backend, strategy);
        if (why != null) {
            throw new UnavailableException(why);
        }
        IoRuntime rt = IoRuntime.builder().backend(backend).strategy(strategy).threads(threads).build();
        TcpListener l = rt.listen(new InetSocketAddress("127.0.0.1", 0)).get(10, TimeUnit.SECONDS);
        String desc = "polyloop " + rt.info().backend() + ", " + strategy + ", " + rt.info().loops().size()
                + " loop(s)";
        PolyloopEcho server = new PolyloopEcho(rt, l, desc);
        server.acceptNext();
        return server;
    }

    /** @return why this backend × strategy cannot run in this JVM, or null if it can */
    static String unavailability(String backend, String strategy) {
        if (Strategy.byConfigName(strategy) == null) {
            return "strategy " + strategy + " is not in io.polyloop.api.Strategy of this build (it has: "
                    + Strategy.accepted() + ")";
        }
        for (IoBackendProvider p : ServiceLoader.load(IoBackendProvider.class)) {
            if (p.name().equals(backend)) {
                Availability a = p.probe();
                return a.isAvailable() ? null : "backend " + backend + " " + a;
            }
        }
        return "no IoBackendProvider named " + backend + " on the class path (its module is not in this build)";
    }

    @Override
    public int port() {
        return listener.localAddress().getPort();
    }

    @Override
    public String description() {
        return description;
    }

    /** Accepts in a loop; connections already queued are taken on the same stack, bounded, then it yields. */
    private void acceptNext() {
        for (int i = 0; i < MAX_INLINE; i++) {
            Task<TcpStream> accept = listener.accept();
            if (!accept.isDone() || accept.status() != Task.Status.SUCCEEDED) {
                accept.whenComplete(this::onAccepted);
                return;
            }
            new Connection(accept.resultNow()).readNext();
        }
        runtime.post(this::acceptNext);
    }

    private void onAccepted(TcpStream stream, Throwable failure) {
        if (failure != null) {
            if (listener.isOpen()) { // out of descriptors and the like: retry soon instead of spinning
                runtime.sleep(Duration.ofMillis(10)).whenComplete((v, e) -> acceptNext());
            }
            return;
        }
        new Connection(stream).readNext();
        acceptNext();
    }

    @Override
    public void close() {
        listener.close();
        runtime.close();
    }

    /**
     * One connection's echo loop; runs on its loop only. Reads take a loan from the runtime's pool only when bytes are
     * there ({@code read(pool, max)}), so an idle connection holds no buffer (as Netty's echo). As Netty's echo, it
     * reads on while its writes are out: each loan read is written back at once and goes back to the pool when its
     * write completes; reading pauses only while the stream is not writable (unsent bytes above the high watermark)
     * and resumes when it is. Writes of a stream complete in order, so the loans out are a FIFO.
     */
    /**
     * One per connection. What it holds while idle is charged to the polyloop rows of the idle-memory table (Netty's
     * echo handler is one shared instance), so the write-side state is made by the first write that does not complete
     * at once: the connection itself is the read callback, and an idle one holds nothing else.
     */
    private final class Connection implements BiConsumer<PooledBuffer, Throwable> {
        private final TcpStream stream;
        /** Loans being written back, oldest first; each is closed when its write completes. Made by the first. */
        private ArrayDeque<PooledBuffer> writing;
        private BiConsumer<Void, Throwable> onWritten;
        private BiConsumer<Void, Throwable> onWritable;

        Connection(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public void accept(PooledBuffer loan, Throwable failure) {
            onRead(loan, failure);
        }

        void readNext() {
            for (int i = 0; i < MAX_INLINE; i++) {
                if (!stream.isWritable()) {
                    if (onWritable == null) {
                        onWritable = this::onWritable;
                    }
                    stream.whenWritable().whenComplete(onWritable);
                    return;
                }
                Task<PooledBuffer> read = stream.read(runtime.buffers(), BUFFER_SIZE);
                if (!read.isDone()) {
                    read.whenComplete(this);
                    return;
                }
                PooledBuffer loan = read.status() == Task.Status.SUCCEEDED ? read.resultNow() : null;
                if (loan == null || !echo(loan)) {
                    stream.close();
                    return;
                }
            }
            runtime.post(this::readNext);
        }

        /** Writes the loan back without waiting. @return false if the write failed at once */
        private boolean echo(PooledBuffer loan) {
            Task<Void> write = stream.write(loan.buffer());
            if (write.isDone()) {
                loan.close();
                return write.status() == Task.Status.SUCCEEDED;
            }
            if (writing == null) {
                writing = new ArrayDeque<>(4);
                onWritten = this::onWritten;
            }
            writing.add(loan);
            write.whenComplete(onWritten);
            return true;
        }

        private void onRead(PooledBuffer loan, Throwable failure) {
            if (failure != null || loan == null || !echo(loan)) {
                stream.close();
                return;
            }
            readNext();
        }

        private void onWritten(Void v, Throwable failure) {
            PooledBuffer sent = writing.poll();
            if (sent != null) {
                sent.close();
            }
            if (failure != null) {
                stream.close();
            }
        }

        private void onWritable(Void v, Throwable failure) {
            if (failure != null) {
                stream.close();
                return;
            }
            readNext();
        }
    }
}
