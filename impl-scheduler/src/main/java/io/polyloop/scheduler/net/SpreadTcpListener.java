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
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listening address served by a socket per loop (SO_REUSEPORT): the kernel spreads incoming connections over
 * the loops, and each connection lives on the loop whose socket accepted it, so the continuation of
 * {@link #accept()} runs there. Thread safe.
 *
 * <p>If the backend's sockets of one port would not share the connections ({@link
 * io.polyloop.spi.IoDriver#balancesAccepts()} false: macOS, FreeBSD without SO_REUSEPORT_LB, IOCP), or the port
 * cannot be shared at all (no SO_REUSEPORT), the listener has one member, which hands each accepted connection to
 * the runtime's loops in turn ({@link HandOff}, through the backend's {@link io.polyloop.spi.HandleTransfer}); a
 * backend that cannot move handles keeps them on the first loop.
 *
 * <p>Each member keeps one accept in flight while callers wait. A connection a member accepts when no caller waits
 * any more is kept for the next {@link #accept()}: at most one per member, so at most {@code loops} are held.
 *
 * <p>A live change of {@code threads} that adds loops adds a member on each ({@link #grow}): same address,
 * SO_REUSEPORT, so the kernel spreads new connections over them too. A loop that retires hands its member (socket,
 * pending accept, backlog) to its heir with the rest of its handles: closing it instead would drop the connections
 * queued in its backlog (Linux does not move them to the other sockets of the port), so a heir may hold two
 * members of one address until the loops grow again. A hand-off listener (one member) follows the current loops.
 */
public final class SpreadTcpListener implements TcpListener {
    private static final Logger LOG = LoggerFactory.getLogger(SpreadTcpListener.class);

    /** One socket of the address, on one loop, with the accept it keeps in flight. */
    private static final class Member {
        final LoopTcpListener listener;
        final AtomicBoolean pumping = new AtomicBoolean();
        volatile Task<TcpStream> inFlight;

        Member(LoopTcpListener listener) {
            this.listener = listener;
        }
    }

    /** Replaced as a whole (under this) when a member is added; read without a lock. */
    private volatile Member[] members;
    private final ArrayDeque<LoopTask<TcpStream>> waiting = new ArrayDeque<>();
    private final ArrayDeque<TcpStream> ready = new ArrayDeque<>();
    private final LoopTask<Void> closed;
    private final int backlog;
    private final Supplier<List<EventLoop>> loopsNow;
    /** What a member opened later binds with: the options at open plus those set since. */
    private volatile TcpOptions options;
    /** The one member hands connections to the loops (no SO_REUSEPORT): it follows the loops, never grows. */
    private volatile boolean handOff;
    /** Loops a member is being opened on (under this): two growths never open two members on one loop. */
    private final Set<EventLoop> opening = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean open = true;

    private SpreadTcpListener(List<LoopTcpListener> members, EventLoop home, int backlog, TcpOptions options,
                              Supplier<List<EventLoop>> loopsNow, boolean handOff) {
        this.members = members.stream().map(Member::new).toArray(Member[]::new);
        this.closed = new LoopTask<>(home);
        this.backlog = backlog;
        this.options = options;
        this.loopsNow = loopsNow;
        this.handOff = handOff;
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
        LoopTask<LoopTcpListener> opening = new LoopTask<>(first);
        first.run(() -> {
            try {
                // members share the port only where the kernel spreads connections over them (not macOS)
                opening.complete(Connections.driver(first).balancesAccepts()
                        ? LoopTcpListener.open(first, bind, backlog, spread) : handingOff(first, loopsNow, bind,
                        backlog, options));
            } catch (Exception e) {
                opening.completeExceptionally(e);
            }
        }, opening);
        opening.whenComplete((head, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            if (head.placesConnections()) {
                result.complete(new SpreadTcpListener(List.of(head), first, backlog, options, loopsNow, true));
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
                    result.complete(new SpreadTcpListener(List.of(head), first, backlog, spread, loopsNow, true));
                } else {
                    result.complete(new SpreadTcpListener(List.copyOf(all), first, backlog, spread, loopsNow,
                            false));
                }
            });
        });
        return result;
    }

    /**
     * A listener of one socket on {@code loop} (no SO_REUSEPORT: a second bind of the port fails as usual) that hands
     * each connection to the loops {@code loopsNow} gives at that time, in turn; while that is {@code loop} alone,
     * connections stay where they are accepted. It never grows members, and follows any change of the loops.
     * Single-threaded listeners, so that a later change to thread-per-core or work-stealing reaches them.
     */
    public static Task<TcpListener> openHandingOff(EventLoop loop, Supplier<List<EventLoop>> loopsNow,
                                                   InetSocketAddress bind, int backlog, TcpOptions options) {
        LoopTask<TcpListener> result = new LoopTask<>(loop);
        loop.run(() -> {
            try {
                result.complete(new SpreadTcpListener(List.of(handingOff(loop, loopsNow, bind, backlog, options)),
                        loop, backlog, options, loopsNow, true));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, result);
        return result;
    }

    /** On {@code loop}: its one socket, placing connections on the loops of now in turn. */
    private static LoopTcpListener handingOff(EventLoop loop, Supplier<List<EventLoop>> loopsNow,
                                              InetSocketAddress bind, int backlog, TcpOptions options)
            throws java.io.IOException {
        LoopTcpListener head = LoopTcpListener.open(loop, bind, backlog, options);
        head.placeConnections(roundRobin(loopsNow));
        return head;
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

    /**
     * Opens a member on each of {@code loops} that no member serves yet (a live change of {@code threads} added
     * them), on this listener's address with SO_REUSEPORT. If the backend turns out not to share the port, the first
     * member hands connections to the loops instead. Any thread; never waits.
     *
     * @return completed when every new member accepts (or could not be opened: logged)
     */
    public CompletableFuture<Void> grow(List<EventLoop> loops) {
        List<EventLoop> add = new ArrayList<>();
        synchronized (this) {
            if (!open || handOff) {
                return CompletableFuture.completedFuture(null);
            }
            Set<EventLoop> served = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Member m : members) {
                served.add(m.listener.loop.live()); // a retired loop's member lives on its heir
            }
            for (EventLoop l : loops) {
                if (!served.contains(l.live()) && opening.add(l)) {
                    add.add(l);
                }
            }
        }
        InetSocketAddress address = localAddress();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (EventLoop l : add) {
            all.add(openMember(l, address, backlog, options).handle((member, failure) -> {
                added(l, member, failure);
                return null;
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void added(EventLoop loop, LoopTcpListener listener, Throwable failure) {
        Member m = null;
        boolean pumpNow = false;
        synchronized (this) {
            opening.remove(loop);
            if (failure == null && open) {
                m = new Member(listener);
                Member[] next = Arrays.copyOf(members, members.length + 1);
                next[members.length] = m;
                members = next;
                pumpNow = !waiting.isEmpty();
            }
        }
        if (failure != null) {
            Member head = members[0];
            if (members.length == 1 && !handOff) {
                // opened on one loop, so nobody knew yet: the backend cannot share the port; hand connections on
                handOff = true;
                head.listener.placeConnections(roundRobin(loopsNow));
            }
            LOG.warn("{}: no member on {} ({}); {}", this, loop, failure.getCause() != null ? failure.getCause()
                    : failure, handOff ? "the first member hands connections to every loop instead"
                    : "the other members serve it");
        } else if (m == null) {
            listener.close(); // closed meanwhile
        } else {
            LOG.debug("{}: a member accepts on {} now", this, loop);
            if (pumpNow) {
                pump(m);
            }
        }
    }

    @Override
    public Task<TcpStream> accept() {
        LoopTask<TcpStream> task = new LoopTask<>(members[0].listener.loop.ioTasks());
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
                for (Member m : members) {
                    Task<TcpStream> t = m.inFlight;
                    if (t != null) {
                        t.cancel();
                    }
                }
            }
        });
        for (Member m : members) {
            pump(m);
        }
        return task;
    }

    /** Keeps one accept in flight on member {@code m} while anyone waits. */
    private void pump(Member m) {
        if (!m.pumping.compareAndSet(false, true)) {
            return;
        }
        LoopTcpListener member = m.listener;
        Task<TcpStream> accept = member.accept();
        m.inFlight = accept;
        accept.whenComplete((stream, failure) -> {
            if (m.inFlight == accept) {
                m.inFlight = null;
            }
            m.pumping.set(false);
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
                pump(m);
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
        LoopTask<Void> all = new LoopTask<>(members[0].listener.loop);
        options = options.with(option, value); // for members a growth adds later
        CompletableFuture.allOf(Arrays.stream(members).map(m -> m.listener.setOption(option, value)
                .toCompletableFuture()).toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
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
        return members[0].listener.getOption(option);
    }

    @Override
    public InetSocketAddress localAddress() {
        return members[0].listener.localAddress();
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
        CompletableFuture.allOf(Arrays.stream(members).map(m -> m.listener.closeAsync())
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

    /** @return the sockets serving this address (one per loop it was opened or grown on) */
    public int members() {
        return members.length;
    }

    /** @return completed once the listener is closed (by its user or by the runtime's shutdown) */
    public CompletableFuture<Void> whenClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "TcpListener[" + localAddress() + " on " + members.length + " loops" + (isOpen() ? "" : ", closed")
                + "]";
    }
}
