package io.polyloop.scheduler.buffer;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's {@link BufferPool}: one lock-free free list per power-of-two size class, a global byte bound on
 * what the lists retain, and a {@link Cleaner} that notices loans collected without a close. With
 * {@code -Dio.polyloop.buffers.trackLeaks=true} (the tests set it) a leak report carries the stack of the acquire.
 * Thread safe.
 */
public final class SharedBufferPool implements BufferPool {
    /** The default bound on retained bytes. */
    public static final long DEFAULT_MAX_RETAINED = 16L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SharedBufferPool.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CAPACITY) - MIN_SHIFT + 1;

    private final long maxRetained;
    private final boolean trackStacks = Boolean.getBoolean("io.polyloop.buffers.trackLeaks");
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<ByteBuffer>[] free = new ConcurrentLinkedQueue[CLASSES];
    private final AtomicLong retained = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong leaks = new AtomicLong();

    public SharedBufferPool(long maxRetainedBytes) {
        if (maxRetainedBytes < 0) {
            throw new IllegalArgumentException("maxRetainedBytes " + maxRetainedBytes + " is negative");
        }
        this.maxRetained = maxRetainedBytes;
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ConcurrentLinkedQueue<>();
        }
    }

    @Override
    public PooledBuffer acquire(int capacity) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("buffer capacity " + capacity + " is out of range; accepted: 0 to "
                    + MAX_CAPACITY + " bytes");
        }
        int cls = sizeClass(capacity);
        ByteBuffer b = free[cls].poll();
        if (b != null) {
            retained.addAndGet(-b.capacity());
            b.clear();
        } else {
            b = ByteBuffer.allocateDirect(MIN_CAPACITY << cls);
        }
        outstanding.incrementAndGet();
        return new Loan(b, cls);
    }

    private static int sizeClass(int capacity) {
        int c = Math.max(capacity, MIN_CAPACITY);
        return 32 - Integer.numberOfLeadingZeros(c - 1) - MIN_SHIFT;
    }

    private void giveBack(ByteBuffer b, int cls) {
        outstanding.decrementAndGet();
        long now = retained.addAndGet(b.capacity());
        if (now <= maxRetained) {
            free[cls].offer(b);
        } else {
            retained.addAndGet(-b.capacity()); // over the bound: left to the GC
        }
    }

    @Override
    public int outstanding() {
        return outstanding.get();
    }

    @Override
    public long retainedBytes() {
        return retained.get();
    }

    @Override
    public long maxRetainedBytes() {
        return maxRetained;
    }

    @Override
    public long leaks() {
        return leaks.get();
    }

    /** The cleaning action: references the pool's counters, never the loan, so the loan can be collected. */
    private static final class LeakWatch implements Runnable {
        private final SharedBufferPool pool;
        private final Throwable site;
        private final int capacity;
        volatile boolean closed;

        LeakWatch(SharedBufferPool pool, Throwable site, int capacity) {
            this.pool = pool;
            this.site = site;
            this.capacity = capacity;
        }

        @Override
        public void run() {
            if (!closed) {
                pool.leaks.incrementAndGet();
                pool.outstanding.decrementAndGet();
                LOG.warn("a pooled buffer of {} bytes was garbage collected without close(){}", capacity,
                        site == null ? " (-Dio.polyloop.buffers.trackLeaks=true shows where it was acquired)" : "",
                        site);
            }
        }
    }

    private final class Loan implements PooledBuffer {
        private final int cls;
        private final LeakWatch watch;
        private final Cleaner.Cleanable cleanable;
        private ByteBuffer buffer;

        Loan(ByteBuffer buffer, int cls) {
            this.buffer = buffer;
            this.cls = cls;
            this.watch = new LeakWatch(SharedBufferPool.this,
                    trackStacks ? new Throwable("acquired here") : null, buffer.capacity());
            this.cleanable = CLEANER.register(this, watch);
        }

        @Override
        public ByteBuffer buffer() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("pooled buffer used after close()");
            }
            return b;
        }

        @Override
        public void close() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("pooled buffer closed twice");
            }
            buffer = null;
            watch.closed = true;
            cleanable.clean();
            giveBack(b, cls);
        }
    }
}
