package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.SocketOptionRules;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One listening address served by a socket per loop (SO_REUSEPORT): the kernel spreads incoming connections over
 * the loops, and each connection lives on the loop whose socket accepted it, so the continuation of
 * {@link #accept()} runs there. Thread safe.
 *
 * <p>If the backend cannot share a port between sockets (no SO_REUSEPORT, as IOCP), the listener has one member,
 * which hands each accepted connection to the runtime's loops in turn ({@link HandOff}, through the backend's
 * {@link io.polyloop.spi.HandleTransfer}); a backend that cannot move handles keeps them on the first loop.
 *
 * <p>Each member keeps one accept in flight while callers wait. A connection a member accepts when no caller waits
 * any more is kept for the next {@link #accept()}: at most one per member, so at most {@code loops} are held.
 */
public final class SpreadTcpListener implements TcpListener {
    private static final Logger LOG = LoggerFactory.getLogger(SpreadTcpListener.class);

    private final List<LoopTcpListener> members;
    private final AtomicIntegerArray pumping;
    private final AtomicReferenceArray<Task<TcpStream>> inFlight;
    private final ArrayDeque<LoopTask<TcpStream>> waiting = new ArrayDeque<>();
    private final ArrayDeque<TcpStream> ready = new ArrayDeque<>();
    private final LoopTask<Void> closed;
    private boolean open = true;

    private SpreadTcpListener(List<LoopTcpListener> members, EventLoop home) {
        this.members = members;
        this.pumping = new AtomicIntegerArray(members.size());
        this.inFlight = new AtomicReferenceArray<>(members.size());
        this.closed = new LoopTask<>(home);
    }

    /**
     * Opens a member on every loop, the first on {@code bind} and the rest on the port it got.
     *
     * @return the listener, or a failure if any member could not bind (the others are closed again)
     */
    public static Task<TcpListener> open(List<EventLoop> loops, InetSocketAddress bind, int backlog) {
        return open(loops, bind, backlog, TcpOptions.defaults());
    }

    /** As {@link #open(List, InetSocketAddress, int)}, with {@code options} for every member and connection. */
    public static Task<TcpListener> open(List<EventLoop> loops, InetSocketAddress bind, int backlog,
                                         TcpOptions options) {
        return open(loops, () -> loops, bind, backlog, options);
    }

    /**
     * As {@link #open(List, InetSocketAddress, int, TcpOptions)}; {@code loopsNow} gives the loops a hand-off spreads
     * connections over at the time of each accept (they change with a live change of {@code threads}).
     */
    public static Task<TcpListener> open(List<EventLoop> loops, Supplier<List<EventLoop>> loopsNow,
                                         InetSocketAddress bind, int backlog, TcpOptions options) {
        TcpOptions spread = options.with(StandardSocketOptions.SO_REUSEPORT, true);
        EventLoop first = loops.get(0);
        LoopTask<TcpListener> result = new LoopTask<>(first);
        openMember(first, bind, backlog, spread).whenComplete((head, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            InetSocketAddress actual = head.localAddress();
            List<CompletableFuture<LoopTcpListener>> rest = new ArrayList<>();
            for (EventLoop l : loops.subList(1, loops.size())) {
                rest.add(openMember(l, actual, backlog, spread));
            }
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                List<LoopTcpListener> all = new ArrayList<>();
                all.add(head);
                rest.stream().filter(f -> !f.isCompletedExceptionally()).forEach(f -> all.add(f.join()));
                if (e != null) {
                    // The first socket is bound, so the port is ours: the backend cannot share it between
                    // sockets (no SO_REUSEPORT, e.g. Windows). Accept on one loop rather than fail.
                    all.subList(1, all.size()).forEach(LoopTcpListener::close);
                    LOG.info("{}: the backend cannot share {} between loops ({}); accepting on {} and handing"
                            + " connections to every loop in turn where the backend can move them", first, actual,
                            e.getCause() != null ? e.getCause() : e, first);
                    head.placeConnections(roundRobin(loopsNow));
                    result.complete(new SpreadTcpListener(List.of(head), first));
                } else {
                    result.complete(new SpreadTcpListener(List.copyOf(all), first));
                }
            });
        });
        return result;
    }

    private static Supplier<EventLoop> roundRobin(Supplier<List<EventLoop>> loopsNow) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            List<EventLoop> now = loopsNow.get();
            return now.get(Math.floorMod(next.getAndIncrement(), now.size()));
        };
    }

    private static LoopTask<LoopTcpListener> openMember(EventLoop loop, InetSocketAddress bind, int backlog,
                                                        TcpOptions options) {
        LoopTask<LoopTcpListener> t = new LoopTask<>(loop);
        loop.run(() -> {
            try {
                t.complete(LoopTcpListener.open(loop, bind, backlog, options));
            } catch (Exception e) {
                t.completeExceptionally(e);
            }
        }, t);
        return t;
    }

    @Override
    public Task<TcpStream> accept() {
        LoopTask<TcpStream> task = new LoopTask<>(members.get(0).loop.ioTasks());
        TcpStream now;
        synchronized (this) {
            if (!open) {
                task.completeExceptionally(new ClosedChannelException());
                return task;
            }
            now = ready.poll();
            if (now == null) {
                waiting.add(task);
            }
        }
        if (now != null) {
            // Complete on the connection's loop, so that the caller's continuation runs where the connection lives.
            ((LoopTcpStream) now).loop.run(() -> task.complete(now), task);
            return task;
        }
        task.onCancel(() -> {
            boolean nobodyWaits;
            synchronized (this) {
                waiting.remove(task);
                nobodyWaits = waiting.isEmpty();
            }
            if (nobodyWaits) { // stop the members' accepts too, so the cancel reaches the backend
                for (int i = 0; i < members.size(); i++) {
                    Task<TcpStream> t = inFlight.get(i);
                    if (t != null) {
                        t.cancel();
                    }
                }
            }
        });
        for (int i = 0; i < members.size(); i++) {
            pump(i);
        }
        return task;
    }

    /** Keeps one accept in flight on member {@code i} while anyone waits. */
    private void pump(int i) {
        if (!pumping.compareAndSet(i, 0, 1)) {
            return;
        }
        LoopTcpListener member = members.get(i);
        Task<TcpStream> accept = member.accept();
        inFlight.set(i, accept);
        accept.whenComplete((stream, failure) -> {
            inFlight.compareAndSet(i, accept, null);
            pumping.set(i, 0);
            if (!(failure instanceof CancellationException)) { // cancelled because nobody waits: nothing to deliver
                deliver(stream, failure);
            }
            if (failure != null && !member.isOpen()) {
                closeAsync(); // a member closed under us (runtime shutdown): the address is no longer served
            }
            boolean again;
            synchronized (this) {
                again = open && !waiting.isEmpty();
            }
            if (again) {
                pump(i);
            }
        });
    }

    private void deliver(TcpStream stream, Throwable failure) {
        LoopTask<TcpStream> task;
        synchronized (this) {
            do {
                task = waiting.poll();
            } while (task != null && task.isDone());
            if (task == null && stream != null) {
                if (open) {
                    ready.add(stream);
                    return;
                }
            }
        }
        if (task == null) {
            if (stream != null) {
                stream.close();
            }
        } else if (stream != null) {
            // on the connection's loop (a handed-off one lives elsewhere), so the continuation runs where it lives
            final LoopTask<TcpStream> t = task;
            ((LoopTcpStream) stream).loop.run(() -> {
                if (!t.complete(stream)) {
                    deliver(stream, null); // cancelled meanwhile: the next waiting accept, or kept for one
                }
            }, t);
        } else if (open) {
            task.completeExceptionally(failure);
        } else {
            task.completeExceptionally(new ClosedChannelException());
        }
    }

    /** Sets the option on every member; completes when all have it. */
    @Override
    public <T> Task<Void> setOption(SocketOption<T> option, T value) {
        SocketOptionRules.check(SocketOptionRules.TCP_LISTENER, "a TcpListener", option, value);
        LoopTask<Void> all = new LoopTask<>(members.get(0).loop);
        CompletableFuture.allOf(members.stream().map(m -> m.setOption(option, value).toCompletableFuture())
                .toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                    if (e != null) {
                        all.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                    } else {
                        all.complete(null);
                    }
                });
        return all;
    }

    /** @return the option as the first member has it (they are set together) */
    @Override
    public <T> Task<T> getOption(SocketOption<T> option) {
        return members.get(0).getOption(option);
    }

    @Override
    public InetSocketAddress localAddress() {
        return members.get(0).localAddress();
    }

    @Override
    public Task<Void> closeAsync() {
        List<LoopTask<TcpStream>> failed;
        List<TcpStream> unclaimed;
        synchronized (this) {
            if (!open) {
                return closed;
            }
            open = false;
            failed = new ArrayList<>(waiting);
            unclaimed = new ArrayList<>(ready);
            waiting.clear();
            ready.clear();
        }
        failed.forEach(t -> t.completeExceptionally(new ClosedChannelException()));
        unclaimed.forEach(TcpStream::close);
        CompletableFuture.allOf(members.stream().map(LoopTcpListener::closeAsync)
                        .map(Task::toCompletableFuture).toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> closed.complete(null));
        return closed;
    }

    @Override
    public void close() {
        closeAsync();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** @return the loops serving this address, one member each */
    public int members() {
        return members.size();
    }

    @Override
    public String toString() {
        return "TcpListener[" + localAddress() + " on " + members.size() + " loops" + (isOpen() ? "" : ", closed")
                + "]";
    }
}
