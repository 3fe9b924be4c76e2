package io.polyloop.bench.echo;

import io.polyloop.bench.proc.ChildProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts echo server JVMs, every one with the same JVM options. */
public final class EchoServers {
    /**
     * The same for every server: a fixed heap, touched at start, so that no server pays for heap growth during a run
     * and the RSS measured per idle connection is native memory, not heap pages first touched by garbage.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private EchoServers() {
    }

    /** Starts {@link EchoServerMain} for {@code kind}; the caller awaits READY or UNAVAILABLE. */
    public static ChildProcess start(String kind, int threads, Path workDir) throws IOException {
        return start(kind, threads, workDir, List.of());
    }

    /** As {@link #start(String, int, Path)}, with {@code extra} JVM options after the common ones. */
    public static ChildProcess start(String kind, int threads, Path workDir, List<String> extra) throws IOException {
        List<String> options = new java.util.ArrayList<>(JVM_OPTIONS);
        options.addAll(extra);
        return ChildProcess.startJava(options, EchoServerMain.class.getName(),
                List.of(kind, Integer.toString(threads)), workDir.resolve("server-" + kind.replace(':', '-') + ".log"));
    }
}
