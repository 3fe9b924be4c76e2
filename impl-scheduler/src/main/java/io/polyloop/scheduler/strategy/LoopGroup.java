package io.polyloop.scheduler.strategy;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopThread;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A fixed set of loops and how new work from outside them is spread (round robin). Thread safe.
 */
final class LoopGroup {
    private final List<EventLoop> loops;
    private final AtomicInteger next = new AtomicInteger();

    /** @param pin pin loop i to CPU i modulo the available processors ({@code affinity=sequential}) */
    LoopGroup(int size, IntFunction<EventLoop> factory, boolean pin) {
        EventLoop[] made = new EventLoop[size];
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < size; i++) {
            made[i] = factory.apply(i);
            if (pin) {
                made[i].pinTo(i % cpus);
            }
        }
        this.loops = List.of(made);
    }

    /** @return the loop count {@code threads} asks for: 0 means one per available processor */
    static int size(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    List<EventLoop> loops() {
        return loops;
    }

    /** @return the caller's loop if it is one of ours, else the next in turn */
    EventLoop current() {
        EventLoop own = LoopThread.currentLoop();
        if (own != null && loops.contains(own)) {
            return own;
        }
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    void start() {
        loops.forEach(EventLoop::start);
    }

    void reconfigure(LoopConfig config) {
        loops.forEach(l -> l.reconfigure(config));
    }

    void shutdown() {
        loops.forEach(EventLoop::shutdown);
    }
}
