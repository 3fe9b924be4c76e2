package io.polyloop.api;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.file.AsyncFile;
import io.polyloop.api.net.HostAndPort;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.api.net.UdpSocket;
import io.polyloop.api.sync.SyncPrimitives;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * An asynchronous I/O runtime: event loops, timers and TCP over a native backend. In Karaf it is an OSGi service
 * (inject it); in plain Java build one with {@link #builder()}. Thread safe: every method may be called from any
 * thread, including from a task running on one of the runtime's loops.
 *
 * <p>Tasks submitted here run on a loop thread. They must not block: a loop runs many connections.
 */
public interface IoRuntime extends Executor, AutoCloseable {

    /** How long {@link #close()} waits for the loops to finish. */
    Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** @return a builder for a runtime outside OSGi, with backends found through {@link java.util.ServiceLoader} */
    static IoRuntimeBuilder builder() {
        return new IoRuntimeBuilder();
    }

    /**
     * Runs {@code task} on a loop, soon.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the runtime is closed, or the loop's queue is at
     *                                                         its capacity ({@code queueCapacity})
     */
    void post(Runnable task);

    /** Same as {@link #post}, so the runtime can serve as an {@link Executor}. */
    @Override
    default void execute(Runnable task) {
        post(task);
    }

    /** Runs {@code body} on a loop; the task completes with its result or its exception. */
    <T> Task<T> submit(Callable<T> body);

    /** Runs {@code body} on a loop and completes when the stage it returns completes, with the same outcome. */
    <T> Task<T> spawn(Supplier<? extends CompletionStage<T>> body);

    /** @return a task that completes after {@code delay}; cancelling it cancels the timer */
    Task<Void> sleep(Duration delay);

    /** Runs {@code body} on a loop after {@code delay}; cancelling the task before then cancels the timer. */
    <T> Task<T> schedule(Callable<T> body, Duration delay);

    /** @return a deadline {@code limit} from now on the monotonic clock: a value, no timer is armed */
    default Deadline deadline(Duration limit) {
        return Deadline.after(limit);
    }

    /**
     * Runs {@code onTick} on a loop at a fixed rate: tick {@code n} (1, 2, …) at {@code start + n × period}, each
     * deadline computed from the start so that the schedule does not drift. Ticks the loop was too late for are
     * skipped, not run in a burst: {@code n} then jumps past them. The task never succeeds: cancelling it stops the
     * interval and removes its timer; a tick that throws stops it and fails the task with that exception; closing
     * the runtime fails it with a {@link java.util.concurrent.CancellationException}.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    Task<Void> interval(Duration period, LongConsumer onTick);

    /**
     * Bounds {@code task} in time.
     *
     * @return a task that completes as {@code task} does, or, when {@code limit} passes first, fails with a
     *         {@link TaskTimeoutException} (a {@link java.util.concurrent.TimeoutException}) and cancels
     *         {@code task}; cancelling it cancels {@code task} too
     */
    <T> Task<T> timeout(Duration limit, Task<T> task);

    /**
     * Runs a blocking call off the loops, on the runtime's blocking pool ({@code blockingThreads} threads that
     * retire after {@code blockingKeepAliveMillis} idle, and up to {@code blockingQueue} calls waiting). The task's
     * continuations run on a loop (the caller's, when called on one). Cancelling it skips a call that has not
     * started and interrupts one that runs.
     *
     * @return the call's outcome; failed with {@link java.util.concurrent.RejectedExecutionException} when the pool
     *         is at its bound or the runtime closed
     */
    <T> Task<T> spawnBlocking(Callable<T> body);

    /**
     * Applies {@code fn} to every item in parallel on the runtime's compute pool (one thread per core, its own, not
     * the JVM's common pool): for CPU-bound work that would hold up a loop.
     *
     * @return the results in the items' iteration order, delivered on a loop; failed with the first exception of
     *         {@code fn} (the remaining items are skipped); cancelling it skips items not yet started
     */
    <T, R> Task<List<R>> parallelMap(Collection<? extends T> items, Function<? super T, ? extends R> fn);

    /** Binds and listens on {@code bind} with a backlog of 1024. */
    Task<TcpListener> listen(InetSocketAddress bind);

    Task<TcpListener> listen(InetSocketAddress bind, int backlog);

    /** Binds and listens with {@code options} for the listener and every connection it accepts. */
    Task<TcpListener> listen(InetSocketAddress bind, int backlog, TcpOptions options);

    /** Opens a TCP connection to {@code remote} (an unresolved address is rejected). */
    Task<TcpStream> connect(InetSocketAddress remote);

    /** Opens a TCP connection with {@code options} (socket options are set before the handshake). */
    Task<TcpStream> connect(InetSocketAddress remote, TcpOptions options);

    /**
     * @return the factory of this runtime's async primitives (channels, locks, semaphores…): their waiting tasks
     *         complete on this runtime's loops
     */
    SyncPrimitives sync();

    /** @return true if the calling thread is one of this runtime's loops */
    boolean inLoop();

    /** Opens a UDP socket bound to {@code bind} (port 0 for an ephemeral port). */
    Task<UdpSocket> bindUdp(InetSocketAddress bind);

    /**
     * Opens a regular file. Accepted options ({@link io.polyloop.api.file.FileOpenOptions}): READ (the default),
     * WRITE, CREATE, CREATE_NEW, TRUNCATE_EXISTING, APPEND (implies WRITE).
     *
     * @throws IllegalArgumentException at once for an option not accepted
     */
    Task<AsyncFile> openFile(Path path, OpenOption... options);

    /**
     * Resolves a host name as the OS does (hosts file, then DNS), off the loops.
     *
     * @return every address; fails with {@link java.net.UnknownHostException} if none is found or none arrives
     *         within {@code timeout}
     */
    Task<List<InetAddress>> resolve(String host, Duration timeout);

    /** Resolves {@code address}'s host and pairs its first address with the port. */
    Task<InetSocketAddress> resolve(HostAndPort address, Duration timeout);

    /** @return the runtime's pool of direct buffers (bounded, with leak detection) */
    BufferPool buffers();

    /** @return a snapshot of the runtime's state */
    RuntimeInfo info();

    /**
     * Stops the runtime: refuses new work, lets each loop finish what it accepted, closes its handles and drivers.
     * Safe from any thread and from a task on the runtime itself; there it starts the shutdown and returns without
     * waiting (a loop cannot wait for itself).
     *
     * @return true if every loop had terminated within {@code timeout}; always false when called on a loop
     */
    boolean close(Duration timeout);

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    default void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /** @return a task that completes when every loop has terminated */
    Task<Void> terminated();

    /** @return true once the runtime refuses new work: from then on post, submit and spawn are rejected */
    boolean isClosed();
}
