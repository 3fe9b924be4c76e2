package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.queue.MpscChunkedQueue;

import java.util.ArrayDeque;

/**
 * A loop's inbox: the bounded MPSC queue other threads post to, and the short spin the loop makes on it before it
 * sleeps. {@link #offer}, {@link #close} and the queries are for any thread; {@link #poll}, {@link #moveTo} and
 * {@link #postArrivedBeforeSleep} for the loop thread only (its single consumer).
 */
final class LoopInbox {
    /**
     * After a turn that took posts from the inbox, the loop looks at the inbox again this many times, with a
     * spin-wait hint between (a few microseconds in all), before it announces sleep: a thread posting a stream is
     * rarely more than a few hundred nanoseconds from its next post, and catching it here spares the poster a futex
     * or eventfd write and the loop a sleep and a reschedule. Turns without posts (I/O, timers, local work) never
     * spin. Not yield: a yielding thread waits behind every runnable thread, a woken one is scheduled at once, so
     * yields made posting 2x slower on a loaded machine (s4 note).
     */
    static final int SPINS_BEFORE_SLEEP = 32;

    private final MpscChunkedQueue<Runnable> queue;
    /** Tasks taken by {@link #poll}; {@link #takenAtSleep} is its value when the loop last considered sleeping. */
    private long taken;
    private long takenAtSleep;

    LoopInbox(int capacity) {
        this.queue = new MpscChunkedQueue<>(capacity);
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

    /** Loop thread: the next post, counted for {@link #postArrivedBeforeSleep}, or null. */
    Runnable poll() {
        Runnable r = queue.poll();
        if (r != null) {
            taken++;
        }
        return r;
    }

    /**
     * The consuming thread (the loop's, or the heir's once the loop retired and waits for it): moves every queued
     * post to the tail of {@code tasks}, in order, without counting them as taken.
     */
    void moveTo(ArrayDeque<Runnable> tasks) {
        Runnable r;
        while ((r = queue.poll()) != null) {
            tasks.add(r);
        }
    }

    /** Loop thread: @return true if a post arrived while the loop spun; only after a turn that took posts */
    boolean postArrivedBeforeSleep() {
        if (taken == takenAtSleep) {
            return false;
        }
        takenAtSleep = taken;
        for (int i = 0; i < SPINS_BEFORE_SLEEP; i++) {
            if (!queue.isEmpty()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
