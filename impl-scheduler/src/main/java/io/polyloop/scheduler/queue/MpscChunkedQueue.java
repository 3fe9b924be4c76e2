package io.polyloop.scheduler.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A bounded multi-producer single-consumer FIFO of linked array chunks (the layout of crossbeam's SegQueue and of
 * JCTools' chunked MPSC queues): a producer claims a slot with one CAS on a position counter and writes its element
 * there, so an element costs its array slot (4 or 8 bytes), not a node; chunks are allocated as the queue grows
 * and dropped as the consumer passes them, so an empty queue holds one chunk. {@link #offer} is thread safe and lock
 * free except for the few instructions in which the producer that took a chunk's last slot links the next chunk;
 * {@link #poll} and {@link #isEmpty} are for the single consumer.
 *
 * <p>The bound is {@link #capacity()} elements, which may change while the queue is in use: past it {@code offer}
 * returns false and memory does not grow. Elements beyond a lowered bound stay.
 *
 * <p>{@link #close()} (any thread) sets a bit in the position counter, so that it is ordered with every claim by the
 * same CAS: an offer either claimed its slot before the close (its element is there for the consumer to take) or
 * returns false; none succeeds after {@code close()} returned. An owner that refuses work once it stops needs no
 * count of producers in flight: it closes, then drains until {@link #isEmpty()}.
 *
 * <p>Positions: each chunk of {@code chunkSize - 1} slots spans {@code chunkSize} positions; the last one means
 * "the next chunk is being linked", and producers wait while the counter shows it. {@link #poll} is linearizable:
 * when a slot is claimed but not yet written it waits for the producer's store rather than answer empty while a
 * later producer's offer may already have returned.
 */
public final class MpscChunkedQueue<E> extends MpscChunkedQueueFields<E> {
    /** Positions per chunk by default: 127 elements in a 528-byte array (compressed oops). */
    public static final int DEFAULT_CHUNK = 128;

    static final VarHandle PRODUCER_POS;
    static final VarHandle PRODUCER_LIMIT;
    static final VarHandle CONSUMER_POS;
    static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_POS = lookup.findVarHandle(MpscChunkedQueueProducer.class, "producerPos", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(MpscChunkedQueueProducer.class, "producerLimit", long.class);
            CONSUMER_POS = lookup.findVarHandle(MpscChunkedQueueConsumer.class, "consumerPos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stale marker for {@link MpscChunkedQueueProducer#producerLimit}: recompute from the consumer's position. */
    private static final long RECOMPUTE = Long.MIN_VALUE;
    /** Set in {@code producerPos} by {@link #close()}: no claim after it. */
    private static final long CLOSED = Long.MIN_VALUE;

    private final int shift;
    private final int mask;
    /** Slots per chunk: {@code chunkSize - 1}. */
    private final int slots;
    private volatile int capacity;

    public MpscChunkedQueue(int capacity) {
        this(capacity, DEFAULT_CHUNK);
    }

    /** @param chunkSize positions per chunk, a power of two from 2 (one slot per chunk: tests) to 2^20 */
    public MpscChunkedQueue(int capacity, int chunkSize) {
        if (chunkSize < 2 || chunkSize > 1 << 20 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " must be a power of two from 2 to 2^20");
        }
        this.shift = Integer.numberOfTrailingZeros(chunkSize);
        this.mask = chunkSize - 1;
        this.slots = chunkSize - 1;
        capacity(capacity);
        Chunk first = new Chunk(slots);
        consumerChunk = first;
        producerChunk = first;
    }

    /** Changes the bound; elements already in the queue stay. Offers that begin after this returns obey it. */
    public void capacity(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("capacity " + value + " must be >= 1");
        }
        this.capacity = value;
        PRODUCER_LIMIT.setVolatile(this, RECOMPUTE); // a limit computed from the old bound fails its CAS
    }

    public int capacity() {
        return capacity;
    }

    /** @return how many elements the positions before {@code pos} hold */
    private long count(long pos) {
        return (pos >>> shift) * slots + (pos & mask);
    }

    /**
     * Thread safe.
     *
     * @return false if the queue holds {@link #capacity()} elements already or is closed ({@link #isClosed()})
     */
    public boolean offer(E value) {
        Objects.requireNonNull(value, "value");
        // The common case: a free slot that is not its chunk's last, within the cached bound. Linking the next chunk,
        // refreshing the bound, waiting for a link and retrying after a lost CAS are offerSlow's, so that offer is
        // small enough for the JIT to inline into every poster (a call per post otherwise).
        long pos = (long) PRODUCER_POS.getVolatile(this);
        int offset = (int) (pos & mask);
        if (pos >= 0 && offset + 1 < slots && count(pos) < (long) PRODUCER_LIMIT.getVolatile(this)) {
            Chunk chunk = producerChunk; // read after pos: it is pos's chunk if the CAS below succeeds
            if (PRODUCER_POS.compareAndSet(this, pos, pos + 1)) {
                SLOT.setRelease(chunk.elements, offset, value);
                return true;
            }
        }
        return offerSlow(value);
    }

    private boolean offerSlow(E value) {
        Chunk spare = null;
        while (true) {
            long pos = (long) PRODUCER_POS.getVolatile(this);
            if (pos < 0) {
                return false; // closed
            }
            int offset = (int) (pos & mask);
            if (offset == slots) {
                Thread.onSpinWait(); // the producer of the last slot is linking the next chunk
                continue;
            }
            long count = count(pos);
            long limit = (long) PRODUCER_LIMIT.getVolatile(this);
            if (count >= limit) {
                // capacity is read after the limit: a concurrent capacity() either shows here or fails the CAS
                long fresh = count((long) CONSUMER_POS.getVolatile(this)) + capacity;
                if (count >= fresh) {
                    return false;
                }
                PRODUCER_LIMIT.compareAndSet(this, limit, fresh);
            }
            boolean last = offset + 1 == slots;
            if (last && spare == null) {
                spare = new Chunk(slots); // before the claim: an allocation failure leaves the queue intact
            }
            Chunk chunk = producerChunk; // read after pos: it is pos's chunk if the CAS below succeeds
            if (PRODUCER_POS.compareAndSet(this, pos, pos + 1)) {
                if (last) {
                    chunk.next = spare;
                    producerChunk = spare;
                    PRODUCER_POS.setVolatile(this, pos + 2); // the first position of the next chunk
                }
                SLOT.setRelease(chunk.elements, offset, value);
                return true;
            }
        }
    }

    /**
     * Refuses every offer from now on; elements already claimed stay for the consumer. Thread safe, idempotent.
     */
    public void close() {
        while (true) {
            long pos = (long) PRODUCER_POS.getVolatile(this);
            if (pos < 0) {
                return;
            }
            if ((pos & mask) == slots) {
                Thread.onSpinWait(); // a producer is linking the next chunk and will store pos + 2 without a CAS
                continue;
            }
            if (PRODUCER_POS.compareAndSet(this, pos, pos | CLOSED)) {
                return;
            }
        }
    }

    /** Thread safe. @return true once {@link #close()} was called: every offer returns false */
    public boolean isClosed() {
        return (long) PRODUCER_POS.getVolatile(this) < 0;
    }

    /** Consumer only. @return the oldest element, or null if the queue is empty */
    public E poll() {
        Chunk chunk = consumerChunk;
        long pos = (long) CONSUMER_POS.getOpaque(this);
        int offset = (int) (pos & mask);
        Object value = SLOT.getAcquire(chunk.elements, offset);
        if (value == null) {
            if (pos == ((long) PRODUCER_POS.getVolatile(this) & ~CLOSED)) {
                return null;
            }
            do { // claimed, not yet written: the producer is a few instructions from its store
                Thread.onSpinWait();
                value = SLOT.getAcquire(chunk.elements, offset);
            } while (value == null);
        }
        chunk.elements[offset] = null; // drains (shutdown, retirement) leave nothing referenced, slot by slot
        return take(chunk, pos, offset, value);
    }

    /**
     * Consumer only. As {@link #poll}, but answers null as soon as the next slot is not written yet, also when a
     * producer has claimed it and is a few instructions from its store: it never reads the producers' position, so
     * a consumer that catches up with a producer does not pull the line that producer's next offer CASes (a miss
     * per catch-up on the producer's side). Not linearizable: a consumer that must see every accepted element (a
     * drain at shutdown) uses {@link #poll} or checks {@link #isEmpty} afterwards.
     *
     * <p>It does not clear the slot it takes from: the slot shares its cache line with the next ones, which a
     * producer right ahead is writing, and a store there per element took that line from the producer on every
     * element. Taken elements stay referenced until {@link #releaseTaken} clears them, or the consumer leaves the
     * chunk (which then is garbage as a whole).
     *
     * @return the oldest element, or null if the queue is empty or its oldest element is not written yet
     */
    public E relaxedPoll() {
        Chunk chunk = consumerChunk;
        long pos = (long) CONSUMER_POS.getOpaque(this);
        int offset = (int) (pos & mask);
        Object value = SLOT.getAcquire(chunk.elements, offset);
        if (value == null) {
            return null;
        }
        return take(chunk, pos, offset, value);
    }

    /** Consumer only: takes {@code value}, written at {@code offset} of {@code chunk} (position {@code pos}). */
    @SuppressWarnings("unchecked")
    private E take(Chunk chunk, long pos, int offset, Object value) {
        if (offset + 1 == slots) {
            // linked before the last slot was written. The chunk left is referenced by nobody now (producers moved
            // on before the last slot was written), so what it still holds is garbage with it: nothing to clear.
            consumerChunk = chunk.next;
            releasedTo = 0;
            CONSUMER_POS.setRelease(this, pos + 2);
        } else {
            CONSUMER_POS.setRelease(this, pos + 1);
        }
        return (E) value;
    }

    /**
     * Consumer only: clears the slots of elements taken by {@link #relaxedPoll} in the consumer's chunk, except the
     * last {@code lag} ones, so that those elements are no longer referenced by the queue. A lag keeps the stores off
     * the cache lines next to the consumer's position, which a producer right ahead may still be writing; lines
     * further behind no producer touches again (chunks are never reused), so clearing them costs no producer a miss.
     * Plain stores: no producer reads a slot, and the consumer never reads behind its position.
     *
     * @param lag taken elements, counted back from the consumer's position, left referenced; 0 clears them all
     * @return how many slots were cleared
     */
    public int releaseTaken(int lag) {
        int to = (int) ((long) CONSUMER_POS.getOpaque(this) & mask) - lag;
        int from = releasedTo;
        if (to <= from) {
            return 0;
        }
        Object[] elements = consumerChunk.elements;
        for (int i = from; i < to; i++) {
            elements[i] = null;
        }
        releasedTo = to;
        return to - from;
    }

    /**
     * Consumer only (tests): @return how many taken elements the queue still references, at most the slots of the
     * consumer's chunk behind its position
     */
    int retainedTaken() {
        int to = (int) ((long) CONSUMER_POS.getOpaque(this) & mask);
        Object[] elements = consumerChunk.elements;
        int n = 0;
        for (int i = 0; i < to; i++) {
            if (elements[i] != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Consumer only. @return how far the consumer has got: grows with every element taken, so two readings tell
     * whether any was taken between them (no counter of its own to write per poll)
     */
    public long consumed() {
        return (long) CONSUMER_POS.getOpaque(this);
    }

    /**
     * Consumer only. @return true if the next element to take has been written. Looks at the consumer's own slot,
     * not at the producers' position: a consumer that watches for work this way leaves the line that every
     * {@link #offer} CASes alone (reading it would cost the next offer a cache miss).
     */
    public boolean nextReady() {
        long pos = (long) CONSUMER_POS.getOpaque(this);
        return SLOT.getAcquire(consumerChunk.elements, (int) (pos & mask)) != null;
    }

    /** Consumer only. False as soon as a slot is claimed, before its element is written ({@link #poll} waits). */
    public boolean isEmpty() {
        return (long) CONSUMER_POS.getOpaque(this) == ((long) PRODUCER_POS.getVolatile(this) & ~CLOSED);
    }

    /** Thread safe; a moment's estimate, between 0 and the elements claimed (at most the bound as it was). */
    public int size() {
        long consumed = count((long) CONSUMER_POS.getVolatile(this));
        long claimed = count((long) PRODUCER_POS.getVolatile(this) & ~CLOSED);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, claimed - consumed));
    }

    /** A block of slots and the link to the next one. */
    static final class Chunk {
        final Object[] elements;
        volatile Chunk next;

        Chunk(int slots) {
            this.elements = new Object[slots];
        }
    }
}

// Padding by inheritance, so that the producers' counter, the consumer's counter and the rest sit on different
// cache lines whatever the JVM's field order (JCTools' layout): the consumer writes its position on every poll.

abstract class MpscChunkedQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class MpscChunkedQueueProducer<E> extends MpscChunkedQueuePad0 {
    /** Next position to claim (CAS); its sign bit is the closed flag. */
    volatile long producerPos;
    /** Elements that may be claimed before the consumer's position is read again (or RECOMPUTE). */
    volatile long producerLimit = Long.MIN_VALUE;
    volatile MpscChunkedQueue.Chunk producerChunk;
}

abstract class MpscChunkedQueuePad1<E> extends MpscChunkedQueueProducer<E> {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}

abstract class MpscChunkedQueueConsumer<E> extends MpscChunkedQueuePad1<E> {
    /** Next position to take; written by the consumer only, read by producers for the bound. */
    volatile long consumerPos;
    MpscChunkedQueue.Chunk consumerChunk;
    /** Slots of {@code consumerChunk} before this offset hold no element taken by relaxedPoll. Consumer only. */
    int releasedTo;
}

abstract class MpscChunkedQueueFields<E> extends MpscChunkedQueueConsumer<E> {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p50, p51, p52, p53, p54, p55, p56, p57;
}
