package io.polyloop.scheduler.strategy;

import io.polyloop.api.ReshapeInfo;
import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopRetirement;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.steal.WorkStealingPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live change of {@code strategy} or {@code threads} on a {@link LiveStrategy}: the loops stay where they can and
 * the policy over them changes. The first {@code min(old, new)} loops are kept; loops beyond are made and started
 * (growing), or retired into the kept ones round robin (shrinking: each moves its handles with their pending I/O,
 * its timers, queued tasks and resources by {@link LoopRetirement}). A work-stealing pool is replaced as a whole:
 * the old one forwards what it is given to the new shape's executor and each of its member loops hands its
 * stealable queue over on its own thread. New work follows the new shape as soon as it is published, before the
 * moves finish; nothing queued is dropped or run twice. A loop that cannot retire in time takes its work back and
 * stays in the new shape (reported). Caller: the runtime, serialised with its other changes, off the loops.
 * A shutdown that begins during the change (from a loop: one off the loops waits) takes the shape published last;
 * loops that could not retire and are not in it are shut down here.
 */
final class Reshape {
    private static final Logger LOG = LoggerFactory.getLogger(Reshape.class);

    static final String SHUTTING_DOWN = "the runtime is shutting down; accepted: no change of strategy or threads";

    private Reshape() {
    }

    /** @return null if the strategy now runs {@code kind} over the loops {@code threads} asks for, else why not */
    static String apply(LiveStrategy strategy, Strategy kind, int threads, LoopConfig config, Duration timeout) {
        LiveStrategy.Shape old = strategy.shape();
        int n = LiveStrategy.loopCount(kind, threads);
        int had = old.loops.size();
        if (kind == old.kind && n == had) {
            return null;
        }
        long start = System.nanoTime();
        List<EventLoop> loops = new ArrayList<>(old.loops.subList(0, Math.min(n, had)));
        List<EventLoop> retiring = old.loops.subList(Math.min(n, had), had);
        WorkStealingPool pool;
        // atomic with a shutdown (same monitor): either it finds the new shape, or nothing of it is made
        synchronized (strategy) {
            if (strategy.closing()) {
                return SHUTTING_DOWN;
            }
            List<EventLoop> fresh = new ArrayList<>();
            for (int i = had; i < n; i++) {
                EventLoop l = strategy.newLoop(config, i);
                loops.add(l);
                fresh.add(l);
            }
            // shares itself with every loop: fresh ones at once, running ones as a task of theirs
            pool = kind == Strategy.WORK_STEALING ? new WorkStealingPool(loops, config.queueCapacity()) : null;
            fresh.forEach(EventLoop::start);
            strategy.publish(new LiveStrategy.Shape(kind, loops, pool));
        }

        long timeoutNanos = timeout.toNanos();
        List<CompletableFuture<String>> moves = new ArrayList<>();
        if (old.pool != null) {
            old.pool.retire(task -> handOn(strategy, task));
        }
        for (EventLoop kept : loops.subList(0, Math.min(n, had))) {
            moves.add(leavePool(kept, old.pool, pool == null));
        }
        List<EventLoop> heirs = loops.subList(0, Math.min(n, had));
        AtomicLong longestPause = new AtomicLong();
        for (int i = 0; i < retiring.size(); i++) {
            EventLoop gone = retiring.get(i);
            moves.add(LoopRetirement.retire(gone, heirs.get(i % heirs.size()), () -> {
                gone.share(null, -1); // on its own thread: at once
                if (old.pool != null) {
                    old.pool.handOver(old.pool.memberIndex(gone));
                }
            }, timeoutNanos, pause -> longestPause.accumulateAndGet(pause, Math::max)));
        }
        StringJoiner failures = new StringJoiner("; ");
        List<EventLoop> stayed = new ArrayList<>();
        long deadline = System.nanoTime() + 2 * timeoutNanos; // a retirement itself waits up to timeout for its heir
        for (int i = 0; i < moves.size(); i++) {
            String why = await(moves.get(i), deadline);
            if (why != null) {
                failures.add(why);
                int r = i - heirs.size();
                if (r >= 0) {
                    stayed.add(retiring.get(r));
                }
            }
        }
        if (old.pool != null) {
            try {
                old.pool.handOverInject();
            } catch (RejectedExecutionException e) {
                // only if a loop shut the runtime down during the change (a shutdown off the loops waits for it)
                LOG.warn("tasks still queued in the replaced work-stealing pool were dropped: {}", e.getMessage());
            }
        }
        if (!stayed.isEmpty()) {
            // they took their work back and run on: keep them in the shape (outside the new pool, if any)
            List<EventLoop> all = new ArrayList<>(loops);
            all.addAll(stayed);
            if (!strategy.publish(new LiveStrategy.Shape(kind, all, pool))) {
                stayed.forEach(EventLoop::shutdown); // a shutdown took the shape without them: they end here
            }
        }
        long took = System.nanoTime() - start;
        strategy.reshaped(ReshapeInfo.shape(old.kind, had), ReshapeInfo.shape(kind, strategy.loops().size()), took,
                longestPause.get(), failures.length() > 0 ? failures.toString() : null);
        if (failures.length() > 0) {
            LOG.warn("strategy change {} ({} loops) -> {} ({} loops) partly failed after {} ms: {}",
                    old.kind.configName(), had, kind.configName(), n, took / 1_000_000, failures);
            return "the change of strategy/threads could not move everything: " + failures;
        }
        LOG.info("strategy changed live: {} ({} loops) -> {} ({} loops) in {} ms", old.kind.configName(), had,
                kind.configName(), n, took / 1_000_000);
        return null;
    }

    /**
     * Where a task of the replaced pool goes: the new shape's executor; if that refuses (a loop shut the runtime
     * down meanwhile) and this is a loop's thread, that loop's own queue, which it drains or hands on when it retires.
     */
    private static void handOn(LiveStrategy strategy, Runnable task) {
        try {
            strategy.taskExecutor().execute(task);
        } catch (RejectedExecutionException e) {
            EventLoop own = LoopThread.currentLoop();
            if (own == null) {
                throw e;
            }
            own.execute(task);
        }
    }

    /** A kept loop leaves the old pool (if any) on its own thread: joins no pool or the new one (already posted). */
    private static CompletableFuture<String> leavePool(EventLoop loop, WorkStealingPool oldPool, boolean unshare) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (oldPool == null && !unshare) {
            done.complete(null);
            return done;
        }
        try {
            loop.execute(() -> {
                if (unshare) {
                    loop.share(null, -1);
                }
                if (oldPool != null) {
                    oldPool.handOver(oldPool.memberIndex(loop));
                }
                done.complete(null);
            });
        } catch (RejectedExecutionException e) {
            done.complete(loop.name() + " refused the change: " + e.getMessage());
        }
        return done;
    }

    private static String await(CompletableFuture<String> f, long deadline) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return "a loop did not reach a safe point in time";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }
}
