package io.polyloop.scheduler.buffer;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.scheduler.loop.LoopThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's {@link BufferPool}: one lock-free free list per power-of-two size class, a global byte bound on
 * what the lists retain, and a {@link Cleaner} that notices tracked loans collected without a close. Leak tracking is
 * sampled, as Netty's SIMPLE level: 1 loan in {@code leakSampling} (default {@value #DEFAULT_LEAK_SAMPLING}; the
 * runtime setting {@code leakSampling}) gets a Cleaner, because a Cleaner registration and its removal are
 * two synchronized list operations and two objects per loan, most of a loan's cost on the read path (an
 * acquire + close went from ~130 to ~50 ns). 1 tracks every loan (impl-scheduler's tests run so); so does the
 * setting {@code trackLeaks=true}, which also records the stack of the acquire for the leak report. Both change live
 * ({@link #leakTracking}): loans taken from then on follow the new choice.
 * {@link #outstanding()} stays exact: an untracked leak stays counted in it.
 *
 * <p>Out of direct memory ({@code -XX:MaxDirectMemorySize}), {@link #acquire} throws an {@link OutOfMemoryError}
 * naming the limit (a caller on a loop, such as a pooled read, waits and tries again; see {@code RecvBufferSource}).
 * A new buffer that {@link DirectMemory} says cannot fit is refused at once, without {@code allocateDirect}, whose
 * {@code System.gc()} and sleeps before it throws would stall the calling loop, and all its connections, for up to
 * half a second each time. Instead, at most once a second, a refusal gives back what the free lists retain and asks
 * for a GC on another thread, so that buffers nobody references any more free their memory for the next try.
 *
 * <p>A loop thread returns buffers to a {@link LocalFreeList} of its own first and takes from it first: the usual
 * loan (taken by a read, closed when its write completed, on the same loop) then costs no queue node and no CAS.
 * Other threads, and a loop whose list is full or over the pool's bound, use the shared lock-free lists. What the
 * local lists keep counts in {@link #retainedBytes()} and its bound like the rest, is at most
 * {@link LocalFreeList#MAX_BYTES} per loop thread, and goes (and is uncounted) with its thread; a refusal on a loop
 * thread drops that loop's list too. Thread safe.
 */
public final class SharedBufferPool implements BufferPool {
    /** The default bound on retained bytes. */
    public static final long DEFAULT_MAX_RETAINED = 16L << 20;
    /** The default leak sampling: 1 loan in this many is tracked. */
    public static final int DEFAULT_LEAK_SAMPLING = 128;
    private static final Logger LOG = LoggerFactory.getLogger(SharedBufferPool.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_CAPACITY) - MIN_SHIFT + 1;
    /** At most one trim and GC request per this many nanoseconds of refusals. */
    private static final long RECLAIM_EVERY_NANOS = 1_000_000_000L;
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final long maxRetained;
    /** Written by {@link #leakTracking} (a runtime's configuration change), read at each acquire. */
    private volatile boolean trackStacks;
    private volatile int leakSampling;
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<ByteBuffer>[] free = new ConcurrentLinkedQueue[CLASSES];
    private final AtomicLong retained = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong leaks = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    /** Loop threads' own free lists (see the class comment); other threads never create one. */
    private final ThreadLocal<LocalFreeList> local = ThreadLocal.withInitial(() -> new LocalFreeList(CLASSES, CLEANER, retained));
    /** System.nanoTime() of the last trim and GC request, or 0 (racy by design: one more does no harm). */
    private volatile long reclaimedAt;
    private volatile long warnedAt;

    /** A pool with the default leak sampling (see the class comment). */
    public SharedBufferPool(long maxRetainedBytes) {
        this(maxRetainedBytes, DEFAULT_LEAK_SAMPLING);
    }

    /**
     * @param leakSampling 1 loan in this many is tracked for leaks (1 = every loan)
     * @throws IllegalArgumentException if {@code maxRetainedBytes} is negative or {@code leakSampling} below 1
     */
    public SharedBufferPool(long maxRetainedBytes, int leakSampling) {
        if (maxRetainedBytes < 0) {
            throw new IllegalArgumentException("maxRetainedBytes " + maxRetainedBytes + " is negative");
        }
        this.maxRetained = maxRetainedBytes;
        leakTracking(leakSampling, false);
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
        LocalFreeList mine = localList();
        ByteBuffer b = mine != null ? mine.pop(cls) : null;
        if (b != null || (b = free[cls].poll()) != null) {
            retained.addAndGet(-b.capacity());
            b.clear();
        } else {
            b = allocate(MIN_CAPACITY << cls);
        }
        outstanding.incrementAndGet();
        int sampling = leakSampling; // one volatile read: it may change live
        return new Loan(b, cls, sampling == 1 || ThreadLocalRandom.current().nextInt(sampling) == 0);
    }

    /** @return the calling loop thread's free list, or null on any other thread */
    private LocalFreeList localList() {
        return Thread.currentThread() instanceof LoopThread ? local.get() : null;
    }

    /** A new buffer, or the refusal of the direct-memory limit (see the class comment). */
    private ByteBuffer allocate(int size) {
        if (!DirectMemory.hasRoom(size)) {
            throw refused(size, null);
        }
        try {
            return ByteBuffer.allocateDirect(size);
        } catch (OutOfMemoryError e) { // another thread took the last bytes meanwhile
            throw refused(size, e);
        }
    }

    private OutOfMemoryError refused(int size, OutOfMemoryError cause) {
        long n = refusals.incrementAndGet();
        OutOfMemoryError e = DirectMemory.exhausted(size, cause);
        long now = System.nanoTime();
        long last = reclaimedAt;
        if (last == 0 || now - last >= RECLAIM_EVERY_NANOS) {
            reclaimedAt = now;
            trim(); // what the lists retain is the first memory to give back
            CompletableFuture.runAsync(System::gc); // frees unreferenced direct buffers; never on the loop thread
        }
        long warned = warnedAt;
        if (warned == 0 || now - warned >= WARN_EVERY_NANOS) {
            warnedAt = now;
            LOG.warn("{}; {} loans out, {} refusals so far: pooled reads wait for memory (one warning every 10 s"
                    + " at most)", e.getMessage(), outstanding.get(), n);
        }
        return e;
    }

    /** Drops every retained free buffer (to the GC): the shared lists and the calling loop thread's own. */
    private void trim() {
        LocalFreeList mine = localList();
        if (mine != null) {
            retained.addAndGet(-mine.bytes());
            mine.clear();
        }
        for (ConcurrentLinkedQueue<ByteBuffer> list : free) {
            ByteBuffer b;
            while ((b = list.poll()) != null) {
                retained.addAndGet(-b.capacity());
            }
        }
    }

    /** @return allocations refused for the direct-memory limit so far */
    public long refusals() {
        return refusals.get();
    }

    private static int sizeClass(int capacity) {
        int c = Math.max(capacity, MIN_CAPACITY);
        return 32 - Integer.numberOfLeadingZeros(c - 1) - MIN_SHIFT;
    }

    private void giveBack(ByteBuffer b, int cls) {
        outstanding.decrementAndGet();
        long now = retained.addAndGet(b.capacity());
        if (now > maxRetained) {
            retained.addAndGet(-b.capacity()); // over the bound: left to the GC
            return;
        }
        LocalFreeList mine = localList();
        if (mine == null || !mine.push(b, cls)) {
            free[cls].offer(b);
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

    /** @return 1 loan in this many is tracked for leaks */
    public int leakSampling() {
        return leakSampling;
    }

    /**
     * Sets which loans taken from now on are tracked for leaks: 1 in {@code sampling}, or every one with the stack of
     * its acquire if {@code stacks}. Loans already out keep their tracking. Any thread.
     *
     * @throws IllegalArgumentException if {@code sampling} is below 1
     */
    public void leakTracking(int sampling, boolean stacks) {
        if (sampling < 1) {
            throw new IllegalArgumentException("leak sampling " + sampling + " (setting leakSampling); accepted: 1"
                    + " (every loan) or more (1 loan in N)");
        }
        leakSampling = stacks ? 1 : sampling;
        trackStacks = stacks;
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
                        site == null ? " (the runtime setting trackLeaks=true shows where it was acquired)" : "",
                        site);
            }
        }
    }

    private final class Loan implements PooledBuffer {
        private final int cls;
        /** Null for an untracked loan. */
        private final LeakWatch watch;
        private final Cleaner.Cleanable cleanable;
        private ByteBuffer buffer;

        Loan(ByteBuffer buffer, int cls, boolean tracked) {
            this.buffer = buffer;
            this.cls = cls;
            if (tracked) {
                this.watch = new LeakWatch(SharedBufferPool.this,
                        trackStacks ? new Throwable("acquired here") : null, buffer.capacity());
                this.cleanable = CLEANER.register(this, watch);
            } else {
                this.watch = null;
                this.cleanable = null;
            }
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
            if (watch != null) {
                watch.closed = true;
                cleanable.clean();
            }
            giveBack(b, cls);
        }
    }
}
