package io.polyloop.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started for one subject under test (a server, a client), speaking {@link ChildProtocol}. Its stderr goes to
 * a log file; its CPU time is read from {@code /proc/<pid>/stat}. Not thread safe.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    private final Path log;
    private final Thread reader;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * JVM options every benchmark JVM gets: on JDK 22+ native access (JNA, Netty's JNI, an FFM binding) is allowed for
     * the class path, as on 17, instead of a warning per library (JEP 472).
     */
    public static List<String> nativeAccess() {
        return Runtime.version().feature() >= 22 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
    }

    /** Starts {@code java <jvmArgs> -cp <class path of this JVM> <mainClass> <args>}. */
    public static ChildProcess startJava(List<String> jvmArgs, String mainClass, List<String> args, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(nativeAccess());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return start(cmd, log);
    }

    public static ChildProcess start(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildProcess(pb.start(), log);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (!lines.offer(l, 10, TimeUnit.SECONDS)) {
                    return; // nobody reads: drop the rest rather than block the child forever
                }
            }
        } catch (IOException | InterruptedException e) {
            // the child is gone
        }
    }

    /**
     * Waits for a line starting with one of {@code prefixes}, skipping others.
     *
     * @throws IOException if the child exits or stays silent past the timeout (the message points at its log)
     */
    public String await(long timeoutMillis, String... prefixes) throws IOException {
        return awaitLine(timeoutMillis, String.join("/", prefixes), l -> {
            for (String p : prefixes) {
                if (l.startsWith(p)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Waits for a line that {@code wanted} accepts, skipping others; {@code what} names it in the error. */
    public String awaitLine(long timeoutMillis, String what, java.util.function.Predicate<String> wanted)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                String l = left <= 0 ? null : lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)),
                        TimeUnit.NANOSECONDS);
                if (l != null) {
                    if (wanted.test(l)) {
                        return l;
                    }
                    continue;
                }
                if (left > 0 && !process.isAlive() && lines.isEmpty() && reader.isAlive()) {
                    // The child has exited but its last lines may still be in the pipe, not yet pumped (the
                    // pump thread can lag by more than a poll under load): wait for the pump to reach the end.
                    reader.join(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 5_000)));
                    continue;
                }
                if (left <= 0 || (!process.isAlive() && lines.isEmpty())) {
                    throw new IOException("no " + what + " from pid " + process.pid()
                            + (process.isAlive() ? " within " + timeoutMillis + " ms" : " (exited "
                            + process.exitValue() + ")") + "; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    public long pid() {
        return process.pid();
    }

    /** @return user + system CPU seconds the child used so far */
    public double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(process.pid());
    }

    /**
     * @return CPU seconds the child's JIT compiler threads (HotSpot names them "C1 CompilerThreadN" and "C2
     *         CompilerThreadN", truncated to "C1 CompilerThre" by Linux) used so far; 0 for a child that is not a JVM
     */
    public double compilerCpuSeconds() throws IOException {
        return ProcStat.threadsCpuSeconds(process.pid(), "C1 CompilerThre")
                + ProcStat.threadsCpuSeconds(process.pid(), "C2 CompilerThre");
    }

    /** Ends the child at once (SIGTERM, then SIGKILL after 3 s): for a child that does not read QUIT. */
    public void kill() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public Path log() {
        return log;
    }

    /** Asks the child to quit (QUIT, then SIGTERM after 2 s, then SIGKILL after 3 s more). */
    @Override
    public void close() {
        try {
            send("QUIT");
            commands.close();
        } catch (IOException e) {
            // already gone, or not listening to stdin
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
