package io.polyloop.scheduler.runtime;

import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.net.SpreadTcpListener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The runtime's open listeners with a socket per loop, so that a live change of {@code threads} that adds loops
 * gives each of them a member on the new loops ({@link SpreadTcpListener#grow}). A listener leaves when it closes.
 * Thread safe.
 */
final class SpreadListeners {
    private final Set<SpreadTcpListener> open = ConcurrentHashMap.newKeySet();
    private final Supplier<List<EventLoop>> loops;

    SpreadListeners(Supplier<List<EventLoop>> loops) {
        this.loops = loops;
    }

    /** Keeps the listener {@code opening} completes with; it grows at once if the loops grew while it opened. */
    Task<TcpListener> track(Task<TcpListener> opening) {
        opening.whenComplete((l, failure) -> {
            if (l instanceof SpreadTcpListener) {
                SpreadTcpListener s = (SpreadTcpListener) l;
                open.add(s);
                s.whenClosed().whenComplete((v, e) -> open.remove(s));
                s.grow(loops.get());
            }
        });
        return opening;
    }

    /**
     * Gives every open listener a member on each loop of now that it does not serve yet. Off the loops.
     *
     * @return null once every new member accepts, else what could not be done in {@code timeout} (the members
     *         that exist keep serving the address)
     */
    String grow(Duration timeout) {
        List<EventLoop> now = loops.get();
        CompletableFuture<?>[] all = open.stream().map(l -> l.grow(now)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return "the listeners did not open their sockets on the new loops within " + timeout.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while the listeners opened sockets on the new loops";
        } catch (ExecutionException e) {
            return "a listener could not open a socket on a new loop: " + e.getCause();
        }
    }

    /** @return the listeners open now (for tests and status) */
    int size() {
        return open.size();
    }
}
