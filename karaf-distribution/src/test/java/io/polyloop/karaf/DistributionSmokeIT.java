package io.polyloop.karaf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Uses the built distribution as a user would: unzips it, picks the echo port in etc/, starts {@code bin/karaf
 * server} with stdin closed, talks to the echo server, edits etc/io.polyloop.runtime.cfg (a good value, then a bad
 * one) watching data/log/karaf.log, and stops it with {@code bin/stop}. Every wait is bounded; whatever happens, the
 * Karaf process tree is killed at the end so no Karaf is left running.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class DistributionSmokeIT {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int IO_TIMEOUT_MS = 10_000;

    private Path home;
    private Path console;
    private Process karaf;
    private int echoPort;

    @BeforeEach
    void unzipAndConfigure() throws IOException {
        String zip = System.getProperty("polyloop.distribution.zip");
        assertTrue(zip != null && new File(zip).isFile(),
                "the distribution zip " + zip + " is not built: run 'mvn verify' (this test boots the zip packaged by"
                        + " this module)");
        Path work = Path.of(System.getProperty("polyloop.it.work", "target/it"), "smoke-" + System.currentTimeMillis());
        Files.createDirectories(work);
        home = unzip(Path.of(zip), work);
        console = work.resolve("console.log");

        echoPort = freeLoopbackPort();
        Path echoCfg = home.resolve("etc/io.polyloop.example.echo.cfg");
        assertTrue(Files.isRegularFile(echoCfg), "the distribution has no etc/io.polyloop.example.echo.cfg");
        replaceLine(echoCfg, "port", "port = " + echoPort);
        assertTrue(Files.isRegularFile(home.resolve("etc/io.polyloop.runtime.cfg")),
                "the distribution has no etc/io.polyloop.runtime.cfg");
        assertNoRemoteShell();
    }

    /** Pitfall 11: no remote shell with default credentials. Neither ssh nor JMX is installed at all. */
    private void assertNoRemoteShell() throws IOException {
        java.util.Properties cfg = new java.util.Properties();
        try (InputStream in = Files.newInputStream(home.resolve("etc/org.apache.karaf.features.cfg"))) {
            cfg.load(in);
        }
        List<String> boot = new ArrayList<>();
        for (String token : cfg.getProperty("featuresBoot", "").split("[\\s,()]+")) {
            if (!token.isEmpty()) {
                boot.add(token.replaceFirst("/.*", ""));
            }
        }
        assertTrue(boot.contains("polyloop") && boot.contains("polyloop-examples"), "featuresBoot: " + boot);
        for (String feature : new String[] {"ssh", "management", "webconsole", "standard"}) {
            assertFalse(boot.contains(feature), feature + " is a boot feature: " + boot);
        }
        try (Stream<Path> files = Files.walk(home.resolve("system"))) {
            List<Path> remote = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("org.apache.karaf.shell.ssh") || name.startsWith("org.apache.karaf.management");
            }).collect(Collectors.toList());
            assertTrue(remote.isEmpty(), "remote shell bundles in system/: " + remote);
        }
    }

    @AfterEach
    void killWhateverIsLeft() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        karaf.toHandle().descendants().forEach(tree::add);
        tree.add(karaf.toHandle());
        // The JVM started by bin/karaf, even if the script is gone already.
        readPid().flatMap(ProcessHandle::of).ifPresent(tree::add);
        boolean wasAlive = false;
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                wasAlive = true;
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : tree) {
            p.onExit().toCompletableFuture().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
        }
        if (wasAlive) {
            System.err.println("DistributionSmokeIT: killed a Karaf that was still running (" + tree + ")");
        }
    }

    @Test
    void bootsServesEchoFollowsCfgEditsAndStops() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        environment(pb);
        karaf = pb.start();

        // 1. Boot, bounded: the echo port answers.
        awaitEcho(BOOT_TIMEOUT, "the echo example on 127.0.0.1:" + echoPort + " after starting bin/karaf server");
        Path log = home.resolve("data/log/karaf.log");
        assertTrue(Files.isRegularFile(log), "no data/log/karaf.log");
        assertLogHas(l -> l.contains("polyloop echo listening on 127.0.0.1:" + echoPort), "the echo listening line");
        assertLogHas(l -> l.contains("polyloop runtime configuration applied:") && l.contains("taskBudget=64"),
                "the initial settings from etc/io.polyloop.runtime.cfg");
        assertFalse(Files.readString(log).contains("Exception in thread"), "uncaught exception in karaf.log");

        // 2. A good edit: taskBudget 64 -> 128.
        Path cfg = home.resolve("etc/io.polyloop.runtime.cfg");
        replaceLine(cfg, "taskBudget", "taskBudget = 128");
        awaitLog(CONFIG_TIMEOUT, l -> l.contains("polyloop runtime configuration applied:")
                && l.contains("taskBudget=128"), "'polyloop runtime configuration applied:' with taskBudget=128");
        echoRoundTrip("after taskBudget=128");

        // 3. A bad edit: strategy=nonsense is rejected (WARN naming it), the echo keeps answering.
        replaceLine(cfg, "strategy", "strategy = nonsense");
        awaitLog(CONFIG_TIMEOUT, l -> l.contains("polyloop runtime configuration rejected:")
                && l.contains("strategy") && l.contains("nonsense"),
                "'polyloop runtime configuration rejected:' naming strategy=nonsense");
        assertLogHas(l -> l.contains("WARN") && l.contains("polyloop runtime configuration rejected:"),
                "the rejection logged at WARN");
        echoRoundTrip("after the rejected strategy=nonsense");

        // 4. bin/stop, bounded: the process ends.
        Process stop = environment(new ProcessBuilder(home.resolve("bin/stop").toString())
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())))
                .start();
        assertTrue(stop.waitFor(30, TimeUnit.SECONDS), "bin/stop did not return within 30 s");
        assertTrue(karaf.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                "Karaf did not stop within " + STOP_TIMEOUT.toSeconds() + " s of bin/stop\n" + diagnostics());
        Optional<ProcessHandle> jvm = readPid().flatMap(ProcessHandle::of);
        jvm.ifPresent(p -> p.onExit().toCompletableFuture().completeOnTimeout(p, 20, TimeUnit.SECONDS).join());
        assertFalse(jvm.map(ProcessHandle::isAlive).orElse(false), "the Karaf JVM is still alive after bin/stop");
    }

    /** Karaf 4.4 needs Java 17 (it fails on 25): its scripts run on the JVM running this test. */
    private static ProcessBuilder environment(ProcessBuilder pb) {
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("KARAF_OPTS");
        return pb;
    }

    private void awaitEcho(Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + " before " + what + " answered\n" + diagnostics());
            }
            try {
                echoRoundTrip("at boot");
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        fail("not within " + timeout.toSeconds() + " s: " + what + " (last: " + last + "). If karaf.log stops in the"
                + " middle of feature provisioning, see pitfall 10 of NOTES-KARAF.\n" + diagnostics());
    }

    private void echoRoundTrip(String when) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), echoPort), IO_TIMEOUT_MS);
            s.setSoTimeout(IO_TIMEOUT_MS);
            byte[] msg = ("hello polyloop " + when + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(msg);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] back = in.readNBytes(msg.length);
            assertArrayEquals(msg, back, "echo " + when);
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the echo server should close after our end of stream");
        }
    }

    private void awaitLog(Duration timeout, Predicate<String> line, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logLines().anyMatch(line)) {
                return;
            }
            if (!karaf.isAlive()) {
                fail("Karaf exited while waiting for " + what + "\n" + diagnostics());
            }
            Thread.sleep(250);
        }
        fail("not within " + timeout.toSeconds() + " s in data/log/karaf.log: " + what + "\n" + diagnostics());
    }

    private void assertLogHas(Predicate<String> line, String what) throws IOException {
        if (logLines().noneMatch(line)) {
            fail("data/log/karaf.log has no " + what + "\n" + diagnostics());
        }
    }

    private Stream<String> logLines() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).stream() : Stream.empty();
    }

    private String diagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Path p : new Path[] {console, home.resolve("data/log/karaf.log")}) {
            sb.append("---- last lines of ").append(p).append('\n');
            try {
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                sb.append(lines.subList(Math.max(0, lines.size() - 60), lines.size()).stream()
                        .collect(Collectors.joining("\n"))).append('\n');
            } catch (IOException e) {
                sb.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim()));
        } catch (IOException | NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Replaces the uncommented {@code key = …} line of a .cfg file, atomically, as an editor would save it. */
    private static void replaceLine(Path cfg, String key, String replacement) throws IOException {
        List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8);
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!l.startsWith("#") && l.matches(java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.set(i, replacement);
                found = true;
            }
        }
        if (!found) {
            lines.add(replacement);
        }
        Path tmp = cfg.resolveSibling("." + cfg.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Unzips as a user would and makes bin/ executable (zip entries carry no Unix modes here). */
    private static Path unzip(Path zip, Path into) throws IOException {
        Path root = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (root == null) {
                    root = into.resolve(into.relativize(target).getName(0));
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertTrue(root != null && Files.isDirectory(root.resolve("bin")), "no bin/ in " + zip);
        try (Stream<Path> bin = Files.list(root.resolve("bin"))) {
            bin.filter(Files::isRegularFile).forEach(p -> p.toFile().setExecutable(true));
        }
        return root;
    }
}
