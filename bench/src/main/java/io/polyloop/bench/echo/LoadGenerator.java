package io.polyloop.bench.echo;

import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.proc.ResultLine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Runs the C load generator {@code echoload} (bench/src/main/c/echoload.c) against one server and turns its output
 * into figures: the messages it counted, its latency samples in an HdrHistogram, and the server's CPU time over the
 * measured window (read at the generator's WARM_DONE and MEASURE_DONE lines).
 */
final class LoadGenerator {
    private final Path binary;
    private final Path workDir;
    private final int cpu;

    /** @param cpu the CPU to pin the generator to ({@code echoload -a}), or -1 for none */
    LoadGenerator(Path binary, Path workDir, int cpu) {
        this.binary = binary;
        this.workDir = workDir;
        this.cpu = cpu;
    }

    /**
     * What one run gave.
     *
     * @param compilerCpuSeconds CPU seconds the server's JIT compiler threads used inside the measured window
     */
    record Outcome(Map<String, String> result, Histogram latencyNanos, double serverCpuSeconds,
                   double compilerCpuSeconds) {
        double messagesPerSecond() {
            return Long.parseLong(result.get("msgs")) / Double.parseDouble(result.get("secs"));
        }

        long get(String key) {
            return Long.parseLong(result.get(key));
        }
    }

    Outcome run(ChildProcess server, int port, int connections, int size, int depth, double warmupSeconds,
                double seconds) throws IOException {
        Path samples = workDir.resolve("samples-" + port + "-" + size + ".bin");
        List<String> cmd = command(port, connections, size, depth, warmupSeconds, seconds, samples);
        long bound = (long) ((warmupSeconds + seconds + 100 + connections / 250.0) * 1000); // echoload's own bounds
        try (ChildProcess gen = ChildProcess.start(cmd, workDir.resolve("echoload.log"))) {
            String connected = gen.await(30_000 + connections * 5L, "CONNECTED");
            if (connected.startsWith("CONNECTED 0 ")) {
                throw new IOException("echoload: no connection could be made: " + connected);
            }
            // Fewer connections than asked (the server did not accept them all within echoload's connect bound) is a
            // result too: the row says so (RESULT's connected= and failed=).
            gen.await(bound, "WARM_DONE");
            double cpu0 = server.cpuSeconds();
            double jit0 = server.compilerCpuSeconds();
            gen.await(bound, "MEASURE_DONE");
            double cpu1 = server.cpuSeconds();
            double jit1 = server.compilerCpuSeconds();
            Map<String, String> result = ResultLine.parse(gen.await(bound, "RESULT"));
            Histogram h = readSamples(samples);
            Files.deleteIfExists(samples);
            return new Outcome(result, h, cpu1 - cpu0, jit1 - jit0);
        }
    }

    /**
     * How a warm-up went.
     *
     * @param seconds  how long the load ran (from the moment every connection was made)
     * @param quiet    whether it ended because the server's JIT compilers went quiet (else it hit the cap)
     */
    record Warmup(double seconds, boolean quiet) {
    }

    /** JIT compiler CPU over the last {@link #QUIET_SPAN_MILLIS} at or below which the server counts as warm. */
    static final double QUIET_COMPILER_SECONDS = 0.02;
    static final long QUIET_SPAN_MILLIS = 1000;
    private static final long POLL_MILLIS = 250;

    /**
     * Loads the server with {@code size}-byte messages until its JIT compiler threads used at most
     * {@value #QUIET_COMPILER_SECONDS} s of CPU over the last {@value #QUIET_SPAN_MILLIS} ms (and at least
     * {@code minSeconds} passed), or {@code maxSeconds} passed; the same rule for every server. The load is the
     * measured run's (same connections, size, depth), unmeasured.
     */
    Warmup warm(ChildProcess server, int port, int connections, int size, int depth, double minSeconds,
                double maxSeconds) throws IOException {
        Path samples = workDir.resolve("warm-" + port + "-" + size + ".bin");
        // Its own warm-up outlasts the cap: it is ended before it would measure.
        List<String> cmd = command(port, connections, size, depth, maxSeconds + 5, 1, samples);
        try (ChildProcess gen = ChildProcess.start(cmd, workDir.resolve("echoload.log"))) {
            String connected = gen.await(30_000 + connections * 5L, "CONNECTED");
            if (connected.startsWith("CONNECTED 0 ")) {
                throw new IOException("echoload (warm-up): no connection could be made: " + connected);
            }
            long t0 = System.nanoTime();
            int span = (int) (QUIET_SPAN_MILLIS / POLL_MILLIS);
            double[] ring = new double[span + 1]; // compiler CPU at the last span + 1 polls
            int polls = 0;
            ring[0] = server.compilerCpuSeconds();
            for (;;) {
                sleep(POLL_MILLIS);
                polls++;
                double now = server.compilerCpuSeconds();
                ring[polls % ring.length] = now;
                double elapsed = (System.nanoTime() - t0) / 1e9;
                boolean quiet = polls >= span && now - ring[(polls - span) % ring.length] <= QUIET_COMPILER_SECONDS;
                if (quiet && elapsed >= minSeconds || elapsed >= maxSeconds) {
                    gen.kill();
                    Files.deleteIfExists(samples);
                    return new Warmup(elapsed, quiet);
                }
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming up", e);
        }
    }

    private List<String> command(int port, int connections, int size, int depth, double warmupSeconds, double seconds,
                                 Path samples) {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(), "-p", Integer.toString(port), "-c",
                Integer.toString(connections), "-s", Integer.toString(size), "-d", Integer.toString(depth), "-w",
                Double.toString(warmupSeconds), "-t", Double.toString(seconds), "-o", samples.toString()));
        if (cpu >= 0) {
            cmd.addAll(List.of("-a", Integer.toString(cpu)));
        }
        return cmd;
    }

    /** Reads native-endian uint32 nanoseconds into a histogram (up to 60 s, 3 significant digits). */
    private static Histogram readSamples(Path file) throws IOException {
        Histogram h = new Histogram(60_000_000_000L, 3);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
            for (;;) {
                int n = ch.read(buf);
                buf.flip();
                while (buf.remaining() >= 4) {
                    h.recordValue(Integer.toUnsignedLong(buf.getInt()));
                }
                buf.compact();
                if (n < 0) {
                    break;
                }
            }
        }
        return h;
    }
}
