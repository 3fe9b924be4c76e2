package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.queue.MpscChunkedQueue;

import java.util.ArrayDeque;

/**
 * A loop's inbox: the bounded MPSC queue other threads post to, and the short spin the loop makes on it before it
 * sleeps. {@link #offer}, {@link #close} and the queries are for any thread; {@link #poll}, {@link #moveTo} and
 * {@link #postArrivedBeforeSleep} for the loop thread only (its single consumer).
 */
final class LoopInbox extends LoopInboxLoopSide {
    /**
     * After a turn that took posts from the inbox, the loop watches the inbox for a while, with a spin-wait hint
     * between looks, before it announces sleep: a thread posting a stream is rarely more than a few microseconds from
     * its next post, and catching it here spares the poster a futex or eventfd write and the loop a sleep and a
     * reschedule. Worse, without it a loop that drains faster than its poster posts sleeps after nearly every post,
     * and each post pays a wake-up: a ping-pong that ran PostBench at one wake-up per 2-3 posts (s5 note). Turns
     * without posts (I/O, timers, local work) never spin, so I/O loops are not affected. Not yield: a yielding thread
     * waits behind every runnable thread, a woken one is scheduled at once, so yields made posting 2x slower on a
     * loaded machine (s4 note).
     *
     * <p>How long it watches (the first look after {@link #WATCH_FIRST_GAP_NANOS}) adapts between these bounds: a sleep that a post ended within {@link #MAX_SPIN_NANOS}
     * means a longer watch would have caught it (the budget doubles); any other sleep after a watch halves it. A loop
     * fed a post every few microseconds so stays awake, one fed now and then spins about a microsecond per burst.
     */
    static final long MIN_SPIN_NANOS = 1_000;
    /** The longest watch: about what a wake-up costs the poster and the loop together on a VM. */
    static final long MAX_SPIN_NANOS = 20_000;
    /** The watch's first look and the longest gap between two looks (see {@link #postArrivedBeforeSleep}). */
    static final long WATCH_FIRST_GAP_NANOS = 250;
    static final long WATCH_MAX_GAP_NANOS = 2_000;
    /**
     * How far the first look's gap may grow while a stream keeps filling it: the longer the gap, the larger the batch
     * the next turn drains at full speed and the fewer catch-ups in which the loop reads the very line the poster
     * writes (s7: 1-2 µs gave ~1.5-2 ns/task in a stream; 4 µs let the tail grow).
     */
    static final long WATCH_FIRST_GAP_MAX_NANOS = 2_000;
    /**
     * A first look that found a post found a stream if the loop then took at least this many posts before it watched
     * again (a turn's default budget): a ping-pong or a short burst is all taken at once, a stream keeps coming.
     */
    static final int STREAM_POSTS = 64;
    /**
     * Taken posts left referenced by the inbox at the end of a turn (see {@link #releaseTaken}): 128 bytes of slots
     * with compressed oops, so the stores that clear the others stay off the lines a poster right ahead may write.
     */
    static final int RELEASE_LAG = 32;

    LoopInbox(int capacity) {
        super(new MpscChunkedQueue<>(capacity));
    }

    /**
     * Any thread. One CAS: shutdown and retirement close the inbox, so an offer that succeeds is one they will
     * drain. @return false if closed or full
     */
    boolean offer(Runnable task) {
        return queue.offer(task);
    }

    /** Any thread: no post is accepted once this returns; those accepted before stay to be drained. */
    void close() {
        queue.close();
    }

    /** Any thread. */
    boolean isClosed() {
        return queue.isClosed();
    }

    /** Any thread. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Any thread. */
    int size() {
        return queue.size();
    }

    /** Any thread. */
    int capacity() {
        return queue.capacity();
    }

    /** Loop thread (a reconfiguration): the new bound; posts past it are refused. */
    void capacity(int value) {
        queue.capacity(value);
    }

    /** Loop thread: the next post, or null. */
    Runnable poll() {
        return queue.poll();
    }

    /**
     * Loop thread, in a turn: the next post, or null also while the next one is claimed but not yet written; the
     * check before sleep ({@link #isEmpty}) sees such a post, so it is run the next turn.
     */
    Runnable pollRelaxed() {
        return queue.relaxedPoll();
    }

    /**
     * Loop thread, at the end of a turn: the inbox stops referencing the posts it handed out, all but the last
     * {@link #RELEASE_LAG} ({@link #pollRelaxed} leaves their slots as they are, see
     * {@link MpscChunkedQueue#relaxedPoll}). With {@link #releaseAllTaken} before a sleep this bounds what a loop
     * keeps alive of the tasks it ran: RELEASE_LAG posts while it works, none while it sleeps.
     */
    void releaseTaken() {
        queue.releaseTaken(RELEASE_LAG);
    }

    /** The consuming thread, before it sleeps or stops consuming: the inbox references no post it handed out. */
    void releaseAllTaken() {
        queue.releaseTaken(0);
    }

    /**
     * The consuming thread (the loop's, or the heir's once the loop retired and waits for it): moves every queued
     * post to the tail of {@code tasks}, in order; the inbox references none of them afterwards.
     */
    void moveTo(ArrayDeque<Runnable> tasks) {
        Runnable r;
        while ((r = queue.poll()) != null) {
            tasks.add(r);
        }
        queue.releaseTaken(0);
    }

    /** Loop thread: @return true if a post arrived while the loop watched; only after a turn that took posts */
    boolean postArrivedBeforeSleep() {
        if (watchedInVain) {
            watchedInVain = false;
        }
        long taken = queue.consumed(); // its own position: no count of our own written per post taken
        if (firstFoundAt >= 0) {
            adaptFirstGap(taken - firstFoundAt);
        }
        if (taken == takenAtSleep) {
            return false;
        }
        takenAtSleep = taken;
        // Looks at its own next slot, further and further apart (firstGap doubling up to WATCH_MAX_GAP_NANOS): a
        // watch that looked all the time would pull the slot's line away from the poster on every post, and one that
        // takes a post the moment it lands drains posts one by one, each a cache miss on both sides and a turn; a gap
        // lets a stream build a batch the next turn drains at full speed.
        long start = System.nanoTime();
        long gap = firstGap;
        long next = start + gap;
        boolean first = true;
        while (true) {
            long now = System.nanoTime();
            if (now - next >= 0) {
                if (queue.nextReady()) {
                    if (first) {
                        firstFoundAt = taken; // judged at the next watch, by what the loop took until then
                    }
                    return true;
                }
                if (first) {
                    first = false;
                    firstGap = WATCH_FIRST_GAP_NANOS;
                }
                if (now - start >= spinNanos) {
                    watchedInVain = true;
                    return false;
                }
                gap = Math.min(gap * 2, WATCH_MAX_GAP_NANOS);
                next = now + gap;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The last watch's first look found a post, and the loop took {@code takenSince} positions' worth of posts since
     * (a position per post, plus one per chunk passed). A stream ({@link #STREAM_POSTS} or more): the next watch looks
     * first later, so that the stream builds a larger batch for the next turn; fewer (a ping-pong, a burst taken at
     * once): back to the shortest gap, so that a poster waiting for its posts to run never waits for a gap a stream
     * grew. Counted from the loop's own position: no look at the producers' line.
     */
    private void adaptFirstGap(long takenSince) {
        firstFoundAt = -1;
        firstGap = takenSince >= STREAM_POSTS ? Math.min(WATCH_FIRST_GAP_MAX_NANOS, firstGap * 2)
                : WATCH_FIRST_GAP_NANOS;
    }

    /** Loop thread (tests, status): when the next watch looks first, in nanoseconds after it starts. */
    long firstGap() {
        return firstGap;
    }

    /**
     * Loop thread, back from a sleep of {@code sleptNanos} that followed {@link #postArrivedBeforeSleep}: adapts
     * how long the next watch lasts (see {@link #MIN_SPIN_NANOS}).
     */
    void woke(long sleptNanos) {
        if (!watchedInVain) {
            return;
        }
        watchedInVain = false;
        if (sleptNanos < MAX_SPIN_NANOS && !queue.isEmpty()) {
            spinNanos = Math.min(MAX_SPIN_NANOS, spinNanos * 2);
        } else {
            spinNanos = Math.max(MIN_SPIN_NANOS, spinNanos / 2);
        }
    }

    /** Loop thread (tests, status): how long the next watch before sleep lasts at most. */
    long spinNanos() {
        return spinNanos;
    }
}

// Layout: posting threads read only the queue reference; the loop writes its watch state once per turn. Two cache
// lines between them (by inheritance, as MpscChunkedQueue does), so those stores never invalidate the line that every
// post reads (a producer miss per store on this machine's cross-core transfers, s5 note).

abstract class LoopInboxShared {
    /** Read by every post; final. */
    final MpscChunkedQueue<Runnable> queue;

    LoopInboxShared(MpscChunkedQueue<Runnable> queue) {
        this.queue = queue;
    }
}

abstract class LoopInboxPad extends LoopInboxShared {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;

    LoopInboxPad(MpscChunkedQueue<Runnable> queue) {
        super(queue);
    }
}

abstract class LoopInboxLoopSide extends LoopInboxPad {
    /** {@link MpscChunkedQueue#consumed()} when the loop last considered sleeping. Loop thread only. */
    long takenAtSleep;
    /** How long {@link LoopInbox#postArrivedBeforeSleep} watches now, between its bounds. Loop thread only. */
    long spinNanos = LoopInbox.MIN_SPIN_NANOS;
    /** The last watch before sleep saw no post: the coming sleep tells whether it was too short. Loop thread only. */
    boolean watchedInVain;
    /** When the next watch looks first (see {@link LoopInbox#adaptFirstGap}). Loop thread only. */
    long firstGap = LoopInbox.WATCH_FIRST_GAP_NANOS;
    /** The consumer's position when the last watch's first look found a post, else -1. Loop thread only. */
    long firstFoundAt = -1;
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;

    LoopInboxLoopSide(MpscChunkedQueue<Runnable> queue) {
        super(queue);
    }
}
