package io.polyloop.bench.redis;

import io.polyloop.bench.proc.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real redis-server on 127.0.0.1, without persistence, for the length of a benchmark. */
final class RedisServerProcess implements AutoCloseable {
    private final ChildProcess process;
    private final int port;

    private RedisServerProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return why redis-server cannot run here, or null if it can */
    static String unavailability() {
        return onPath("redis-server") ? null
                : "redis-server is not installed (scripts/bench.sh installs it: apt-get install redis-server)";
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static RedisServerProcess start(int port, Path workDir) throws IOException {
        ChildProcess p = ChildProcess.start(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"),
                workDir.resolve("redis-server-" + port + ".log"));
        try {
            p.awaitLine(20_000, "Ready to accept connections", l -> l.contains("Ready to accept connections"));
        } catch (IOException e) {
            p.close();
            throw e;
        }
        return new RedisServerProcess(p, port);
    }

    int port() {
        return port;
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
