package io.polyloop.example.redis.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Redis programs the tests drive (Debian's {@code redis-server} and {@code redis-tools}). A missing program
 * fails the test with how to install it: CI installs them ({@code scripts/ensure-redis.sh}), so a skip would hide a
 * broken setup.
 */
public final class RedisTools {
    private static final String INSTALL = "install it with `apt-get install -y redis-server redis-tools` (or run"
            + " scripts/ensure-redis.sh; scripts/test.sh does that before Maven)";

    private RedisTools() {
    }

    /** @return the path of {@code program} on the PATH; fails the test if it is absent */
    public static String require(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/sbin")
                .split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(program + " is not installed (not on the PATH " + path + "): " + INSTALL);
    }

    /** The outcome of a program run to its end. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code command} with stdin closed and stdout+stderr captured; kills it if it outlives {@code timeout}
     * (the test then fails).
     */
    public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("redis-tool", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout + "; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** Runs {@code redis-cli -h 127.0.0.1 -p port args…} with a 10 s timeout; fails the test on a non-zero exit. */
    public static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(require("redis-cli"), "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        Result r = run(Duration.ofSeconds(10), command.toArray(new String[0]));
        if (r.exitCode() != 0) {
            fail("redis-cli " + String.join(" ", args) + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
