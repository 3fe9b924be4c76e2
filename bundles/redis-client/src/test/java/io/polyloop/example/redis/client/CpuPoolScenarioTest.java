package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.example.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.polyloop.example.redis.client.RedisClientTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The motivating case: a CPU worker pool (a ForkJoinPool, as a DAG scheduler would use) whose jobs compute, make
 * Redis calls and continue on the pool when the replies arrive. 10 000 calls with a window of 200 jobs, so 100+
 * calls are in flight; a sampler thread watches every pool thread while it runs a job and records every sample that
 * waits: WAITING or TIMED_WAITING (parked in {@code join()}, {@code get()}, a sleep), or RUNNABLE inside a blocking
 * socket call (which the JVM reports as RUNNABLE). A control run that does block on {@code join()} checks that the
 * sampler sees it.
 *
 * <p>BLOCKED samples (waiting for a monitor) are counted and printed, not failed: the runtime's epoll wake-up takes
 * a monitor around one eventfd write, and two threads posting at the same instant can meet there for a few
 * microseconds. That is lock contention inside {@code post}, not a wait for the network.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CpuPoolScenarioTest {
    private static final int JOBS = 5_000; // each a SET and a GET: 10 000 calls
    private static final int WINDOW = 200;

    private static RedisServerProcess redis;
    private static IoRuntime runtime;
    private static RedisClient client;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        runtime = IoRuntime.builder().build();
        client = await(RedisClient.connect(runtime, RedisClientOptions.parse(Map.of(
                RedisClientOptions.PORT, redis.port(), RedisClientOptions.POOL_SIZE, 2))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (runtime != null) {
            assertTrue(runtime.close(Duration.ofSeconds(10)));
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A pool thread that counts the jobs it starts and ends: odd while inside one. */
    static final class Worker extends ForkJoinWorkerThread {
        final AtomicLong phase = new AtomicLong();

        Worker(ForkJoinPool pool) {
            super(pool);
            setName("cpu-" + getPoolIndex());
        }
    }

    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];

    /** Samples the pool's threads while they run jobs; collects every sample that waits. */
    static final class Sampler implements Runnable {
        final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> monitorWaits = new ConcurrentLinkedQueue<>();
        final AtomicLong samples = new AtomicLong();
        volatile boolean running = true;

        @Override
        public void run() {
            while (running) {
                for (Worker w : workers) {
                    long before = w.phase.get();
                    Thread.State state = w.getState();
                    // A stack costs a safepoint: taken for every suspicious state, and every 8th sample to look for
                    // blocking socket calls (which are RUNNABLE).
                    StackTraceElement[] stack = state != Thread.State.RUNNABLE || (samples.get() & 7) == 0
                            ? w.getStackTrace() : NO_STACK;
                    if ((before & 1) == 1 && w.phase.get() == before) { // the state was seen inside one job
                        samples.incrementAndGet();
                        boolean waits = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                                || inBlockingIo(stack);
                        var into = waits ? violations : state == Thread.State.BLOCKED ? monitorWaits : null;
                        if (into != null && into.size() < 10) {
                            into.add(w.getName() + " " + state + " in a job at\n  "
                                    + String.join("\n  ", java.util.Arrays.stream(stack).limit(12)
                                    .map(String::valueOf).toArray(String[]::new)));
                        }
                    }
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Blocking socket I/O shows as RUNNABLE: recognise it by the frame on top. */
    static boolean inBlockingIo(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return false;
        }
        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
        return top.startsWith("sun.nio.ch.") && (top.contains("read") || top.contains("poll") || top.contains("wait")
                || top.contains("accept") || top.contains("connect"))
                || top.startsWith("java.net.") && top.contains("socket");
    }

    private static ForkJoinPool pool(Sampler sampler) {
        return new ForkJoinPool(2, p -> {
            Worker w = new Worker(p);
            sampler.workers.add(w);
            return w;
        }, null, false);
    }

    /** Runs {@code job} on the pool, marking the worker as inside a job meanwhile. */
    private static void onPool(ForkJoinPool pool, Runnable job) {
        pool.execute(() -> {
            Worker w = (Worker) Thread.currentThread();
            w.phase.incrementAndGet();
            try {
                job.run();
            } finally {
                w.phase.incrementAndGet();
            }
        });
    }

    @Test
    void tenThousandCallsFromACpuPoolNoPoolThreadBlocks() throws Exception {
        // Warm-up, so that class loading (which takes locks) is over before the threads are watched.
        for (int i = 0; i < 200; i++) {
            await(client.set("warm:" + i, "w"));
        }
        Sampler sampler = new Sampler();
        ForkJoinPool cpu = pool(sampler);
        Thread samplerThread = new Thread(sampler, "sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();

        AtomicInteger nextJob = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger repliesOnLoop = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(JOBS);

        class Chain {
            void start() {
                int job = nextJob.getAndIncrement();
                if (job >= JOBS) {
                    return;
                }
                onPool(cpu, () -> run(job));
            }

            void run(int job) {
                String key = "dag:" + job;
                String value = digest(job); // the CPU part of the job
                sent();
                client.set(key, value)
                        .whenComplete((v, e) -> replied())
                        .thenComposeAsync(v -> {
                            sent();
                            return client.get(key).whenComplete((r, e) -> replied());
                        }, job(cpu))
                        .whenCompleteAsync((got, failure) -> {
                            if (failure != null) {
                                wrong.add(key + ": " + failure);
                            } else if (!value.equals(got)) {
                                wrong.add(key + ": got " + got + ", expected " + value);
                            }
                            done.countDown();
                            start();
                        }, job(cpu));
            }

            private void sent() {
                calls.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }

            private void replied() {
                inFlight.decrementAndGet();
                if (runtime.inLoop()) {
                    repliesOnLoop.incrementAndGet();
                }
            }
        }
        for (int i = 0; i < WINDOW; i++) {
            new Chain().start();
        }
        assertTrue(done.await(40, TimeUnit.SECONDS), "jobs left: " + done.getCount());
        sampler.running = false;
        samplerThread.join(5000);
        cpu.shutdown();
        assertTrue(cpu.awaitTermination(5, TimeUnit.SECONDS));

        assertTrue(wrong.isEmpty(), wrong.size() + " wrong replies, e.g. " + wrong.peek());
        assertEquals(2 * JOBS, calls.get());
        assertTrue(maxInFlight.get() >= 100, "at most " + maxInFlight.get() + " calls were in flight");
        // A continuation registered after its reply arrived runs on the registering pool thread: that is allowed.
        assertTrue(repliesOnLoop.get() > 0, "no reply completed on the runtime's loop");
        assertTrue(sampler.samples.get() >= 20, "the sampler saw too few jobs: " + sampler.samples.get());
        assertTrue(sampler.violations.isEmpty(), "a pool thread waited inside a job:\n"
                + String.join("\n", sampler.violations));
        System.out.println("cpu pool scenario: " + calls.get() + " calls, at most " + maxInFlight.get()
                + " in flight, " + sampler.samples.get() + " in-job samples, " + sampler.monitorWaits.size()
                + " BLOCKED on a monitor" + (sampler.monitorWaits.isEmpty() ? "" : ":\n" + sampler.monitorWaits.peek()));
        assertEquals(JOBS, ((List<?>) await(client.command("KEYS", "dag:*"))).size());
    }

    /** The control: a job that joins a Redis call on the pool thread is caught by the same sampler. */
    @Test
    void theSamplerSeesAPoolThreadThatBlocks() throws Exception {
        Sampler sampler = new Sampler();
        ForkJoinPool cpu = pool(sampler);
        Thread samplerThread = new Thread(sampler, "sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();
        CountDownLatch done = new CountDownLatch(1);
        onPool(cpu, () -> {
            client.command("BLPOP", "control:never", "0.3").join(); // the anti-pattern: blocks the pool thread
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        sampler.running = false;
        samplerThread.join(5000);
        cpu.shutdown();
        assertFalse(sampler.violations.isEmpty(), "the sampler missed a pool thread blocked in join()");
        assertTrue(sampler.violations.peek().contains("WAITING"), sampler.violations.peek());
    }

    /** The pool as the executor of a continuation, marking the worker as inside a job while it runs. */
    private static java.util.concurrent.Executor job(ForkJoinPool cpu) {
        return command -> onPool(cpu, command);
    }

    private static String digest(int job) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = ("job-" + job).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                h = sha.digest(h);
            }
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
