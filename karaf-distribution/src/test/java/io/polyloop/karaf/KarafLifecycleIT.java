package io.polyloop.karaf;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.LoopInfo;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;
import org.junit.Assume;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;

import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The life of polyloop in a running Karaf, on one boot, in order (the last test takes polyloop away):
 * <ol>
 * <li>a backend swap by Config Admin (epoll, io_uring, epoll) under a live connection streaming checksummed bytes
 * through the echo example component: every byte back, in order; then live strategy/threads changes the same way;</li>
 * <li>the bundle of the backend in use (io_uring) stopped: the loops fall back live to epoll with the connection
 * intact; started again: they return;</li>
 * <li>stopping the polyloop bundles ends every polyloop thread and closes every epoll instance, io_uring ring, eventfd
 * and socket polyloop opened (counted in /proc/self/fd against the same Karaf with polyloop stopped); once they are
 * uninstalled and refreshed the class loaders of the scheduler, of posix and of the two Linux backends are collected
 * (the backends and posix unbind their JNA natives on stop: posix NativeBindings).</li>
 * </ol>
 * Every wait is bounded; figures (bytes checked, swaps, longest stall) go to the test's output.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class KarafLifecycleIT {
    private static final String PID = "io.polyloop.runtime";
    private static final String ECHO_PID = "io.polyloop.example.echo";
    private static final long STREAM_STEP_BYTES = 2 << 20;
    private static final long STEP_TIMEOUT_MS = 60_000;
    private static final long GC_BOUND_MS = 30_000;

    @javax.inject.Inject
    private IoRuntime runtime;

    @javax.inject.Inject
    private ConfigurationAdmin configAdmin;

    @javax.inject.Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution("pax-exam-lifecycle");
    }

    @Test(timeout = 240_000)
    public void a_backendSwapByConfigAdminKeepsALiveStreamByteExact() throws Exception {
        assumeIoUring();
        setBackend("epoll");
        try (ChecksumStream stream = ChecksumStream.open(echoAddress())) {
            stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            long swapsBefore = swaps();
            for (String backend : new String[] {"io_uring", "epoll"}) {
                setBackend(backend);
                stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            }
            long swaps = swaps() - swapsBefore;
            assertEquals("two swaps on each loop", 2L * runtime.info().loops().size(), swaps);
            long bytes = stream.finish(STEP_TIMEOUT_MS);
            System.out.printf("config swap epoll->io_uring->epoll: %d bytes checked, %d loop swaps, longest stall %d"
                    + " ms, last pauses %s%n", bytes, swaps, stream.longestStallMillis(), pauses());
        }
    }

    /** A live change of strategy and threads through Config Admin, under the same kind of stream. */
    @Test(timeout = 240_000)
    public void ab_strategySwapByConfigAdminKeepsALiveStreamByteExact() throws Exception {
        java.nio.file.Path file = cfgFile();
        byte[] cfgBefore = java.nio.file.Files.readAllBytes(file);
        try (ChecksumStream stream = ChecksumStream.open(echoAddress())) {
            stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            String[][] shapes = {{"thread-per-core", "2"}, {"work-stealing", "3"}, {"thread-per-core", "1"},
                {"single-threaded", "0"}};
            for (String[] shape : shapes) {
                int loops = shape[0].equals("single-threaded") ? 1 : Integer.parseInt(shape[1]);
                update("strategy", shape[0], "threads", shape[1]);
                Await.until(shape[0] + " with " + loops + " loop(s) applied", STEP_TIMEOUT_MS, () -> {
                    String rejected = runtime.info().lastRejection();
                    if (rejected != null) {
                        throw new AssertionError(shape[0] + "/" + shape[1] + " rejected: " + rejected);
                    }
                    return runtime.info().strategy().configName().equals(shape[0])
                            && runtime.info().loops().size() == loops;
                }, this::configState);
                stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
                assertTrue("fileinstall wrote " + shape[0] + " back to " + file + " (UnboundConfig keeps it out)",
                        java.util.Arrays.equals(cfgBefore, java.nio.file.Files.readAllBytes(file)));
            }
            long bytes = stream.finish(STEP_TIMEOUT_MS);
            System.out.printf("strategy swaps tpc(2)->ws(3)->tpc(1)->single: %d bytes checked, longest stall %d ms%n",
                    bytes, stream.longestStallMillis());
        }
    }

    @Test(timeout = 240_000)
    public void b_stoppingTheBackendBundleInUseFallsBackLiveAndStartingItReturns() throws Exception {
        assumeIoUring();
        setBackend("auto");
        assertEquals("auto prefers io_uring", "io_uring", runtime.info().backend());
        Bundle iouring = bundle("io.polyloop.iouring");
        try (ChecksumStream stream = ChecksumStream.open(echoAddress())) {
            stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            iouring.stop();
            Await.until("the loops fell back to epoll", STEP_TIMEOUT_MS,
                    () -> runtime.info().backend().equals("epoll") && allLoopsOn("epoll"), this::state);
            stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            iouring.start();
            Await.until("the loops returned to io_uring", STEP_TIMEOUT_MS,
                    () -> runtime.info().backend().equals("io_uring") && allLoopsOn("io_uring"), this::state);
            stream.awaitMore(STREAM_STEP_BYTES, STEP_TIMEOUT_MS);
            long bytes = stream.finish(STEP_TIMEOUT_MS);
            assertNull(runtime.info().lastRejection());
            System.out.printf("io_uring bundle stop/start: %d bytes checked, longest stall %d ms, last pauses %s%n",
                    bytes, stream.longestStallMillis(), pauses());
        }
    }

    /**
     * Stops every polyloop bundle (snapshot A: the JVM without polyloop), starts them again and makes them work (a
     * connection through the echo component on io_uring, a swap to epoll), stops them again (snapshot B): B holds no
     * polyloop thread and no more epoll/io_uring/eventfd/socket descriptors than A. Then uninstalls them and checks,
     * with a bounded GC loop, that the class loaders of the scheduler and of the two Linux backends are collected.
     */
    @Test(timeout = 300_000)
    public void c_stoppingAndUninstallingReleasesThreadsFdsAndClassLoaders() throws Exception {
        runtime = null; // the injected service object would keep the scheduler's class loader
        List<Bundle> polyloop = polyloopBundles();
        stopAll(polyloop);
        awaitNoPolyloopThreads("after the first stop");
        Map<String, Integer> withoutPolyloop = ProcessResources.fdsByKind();

        startAll(polyloop);
        exercise();
        stopAll(polyloop);
        awaitNoPolyloopThreads("after a start, some work and a stop");
        Await.until("descriptors back to what Karaf holds without polyloop", STEP_TIMEOUT_MS,
                () -> polyloopKindsWithin(ProcessResources.fdsByKind(), withoutPolyloop),
                () -> "without polyloop " + withoutPolyloop + ", now " + ProcessResources.fdsByKind());
        Map<String, Integer> after = ProcessResources.fdsByKind();
        System.out.printf("fds without polyloop %d %s; after start, work, stop %d %s%n",
                ProcessResources.total(withoutPolyloop), withoutPolyloop, ProcessResources.total(after), after);

        Map<String, WeakReference<ClassLoader>> loaders = new java.util.LinkedHashMap<>();
        String[] collectable = {"io.polyloop.scheduler", "io.polyloop.posix", "io.polyloop.epoll",
            "io.polyloop.iouring"};
        for (String bsn : collectable) {
            loaders.put(bsn, new WeakReference<>(bundle(bsn).adapt(BundleWiring.class).getClassLoader()));
        }
        // io.polyloop.api stays: this test's own bundle is wired to it, and a refresh would restart the test's bundle
        List<Bundle> impl = polyloop.stream().filter(b -> !b.getSymbolicName().equals("io.polyloop.api"))
                .collect(Collectors.toList());
        for (Bundle b : impl) {
            b.uninstall();
        }
        refresh(impl);
        List<String> pinned = awaitCollected(loaders, List.of(collectable));
        // JNA 5.19.1 pins each class given to Native.register (a JNI global reference until Native.unregister, and a
        // Native.typeOptions entry whose value names its key) and the loaders on the stack that started its cleaner
        // thread: each bundle's NativeBindings undoes that on stop (see posix NativeBindings)
        assertTrue("class loaders still alive " + GC_BOUND_MS + " ms after uninstall and refresh: " + pinned,
                pinned.isEmpty());
    }

    // ------------------------------------------------------------------ steps

    /** Polyloop running again: the echo component serves a checksummed stream across a swap io_uring -> epoll. */
    private void exercise() throws Exception {
        IoRuntime rt = awaitRuntime();
        try {
            try (ChecksumStream stream = ChecksumStream.open(echoAddress())) {
                stream.awaitMore(256 * 1024, STEP_TIMEOUT_MS);
                setBackend(rt, "epoll");
                stream.awaitMore(256 * 1024, STEP_TIMEOUT_MS);
                stream.finish(STEP_TIMEOUT_MS);
            }
            setBackend(rt, "auto");
        } finally {
            rt = null;
        }
    }

    private void awaitNoPolyloopThreads(String when) throws InterruptedException {
        Await.until("no polyloop thread " + when, STEP_TIMEOUT_MS, () -> ProcessResources.polyloopThreads().isEmpty(),
                () -> String.join("\n", ProcessResources.polyloopThreads()));
    }

    /** @return true if each kind polyloop opens (epoll, io_uring, eventfd, socket) is back to {@code base} or below */
    private static boolean polyloopKindsWithin(Map<String, Integer> now, Map<String, Integer> base) {
        for (String kind : new String[] {"anon_inode:[eventpoll]", "anon_inode:[io_uring]", "anon_inode:[eventfd]",
                "socket"}) {
            if (now.getOrDefault(kind, 0) > base.getOrDefault(kind, 0)) {
                return false;
            }
        }
        return true;
    }

    /** GCs until every loader named in {@code needed} is collected, bounded. @return the loaders still alive */
    private List<String> awaitCollected(Map<String, WeakReference<ClassLoader>> loaders, List<String> needed)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GC_BOUND_MS);
        List<String> alive;
        do {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[256 * 1024]; // nudges soft/weak caches along with the GC
            }
            Thread.sleep(200);
            alive = loaders.entrySet().stream().filter(e -> e.getValue().get() != null).map(Map.Entry::getKey)
                    .collect(Collectors.toList());
        } while (alive.stream().anyMatch(needed::contains) && System.nanoTime() < deadline);
        return alive;
    }

    // ------------------------------------------------------------------ bundles

    /** @return the io.polyloop.* bundles, consumers first (the reverse of their installation order) */
    private List<Bundle> polyloopBundles() {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.polyloop")) {
                out.add(b);
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static void stopAll(List<Bundle> bundles) throws Exception {
        for (Bundle b : bundles) {
            b.stop();
        }
    }

    private static void startAll(List<Bundle> bundles) throws Exception {
        List<Bundle> order = new ArrayList<>(bundles);
        Collections.reverse(order);
        for (Bundle b : order) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
    }

    private void refresh(List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        assertTrue("refresh did not end within 60 s", done.await(60, TimeUnit.SECONDS));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        fail("no bundle " + symbolicName);
        return null;
    }

    private IoRuntime awaitRuntime() throws InterruptedException {
        IoRuntime[] found = new IoRuntime[1];
        Await.until("an IoRuntime service", STEP_TIMEOUT_MS, () -> {
            ServiceReference<IoRuntime> ref = context.getServiceReference(IoRuntime.class);
            found[0] = ref == null ? null : context.getService(ref);
            return found[0] != null;
        }, () -> "none");
        return found[0];
    }

    // ------------------------------------------------------------------ runtime and echo

    /** The swap scenarios need both Linux backends: skipped (not failed) where io_uring's probe fails. */
    private void assumeIoUring() throws Exception {
        String why = "no io_uring provider registered";
        for (ServiceReference<IoBackendProvider> r : context.getServiceReferences(IoBackendProvider.class, null)) {
            IoBackendProvider p = context.getService(r);
            try {
                if (p != null && p.name().equals("io_uring")) {
                    Availability a = p.probe();
                    why = a.isAvailable() ? null : a.unavailabilityCause();
                }
            } finally {
                context.ungetService(r);
            }
        }
        Assume.assumeTrue("io_uring cannot run here: " + why, why == null);
    }

    private void setBackend(String backend) throws Exception {
        setBackend(runtime, backend);
    }

    /** Sets properties of PID io.polyloop.runtime through Config Admin, keeping the others (see UnboundConfig). */
    private void update(String... keyValues) throws Exception {
        UnboundConfig.put(configAdmin, PID, (Object[]) keyValues);
    }

    /** Sets {@code backend} through Config Admin and waits until the runtime applied it (or fails with the reason). */
    private void setBackend(IoRuntime rt, String backend) throws Exception {
        UnboundConfig.put(configAdmin, PID, "backend", backend);
        Await.until("backend=" + backend + " applied", STEP_TIMEOUT_MS, () -> {
            String rejected = rt.info().lastRejection();
            if (rejected != null) {
                throw new AssertionError("backend=" + backend + " rejected: " + rejected);
            }
            return rt.info().settings().backend().equals(backend)
                    && (backend.equals("auto") || allLoopsOn(rt, backend));
        }, () -> rt.info().toString());
    }

    /** The echo example component, moved to a free loopback port chosen here; returns once it accepts. */
    private InetSocketAddress echoAddress() throws Exception {
        int port = RedisServerProcess.freePort();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("port", Integer.toString(port));
        props.put("bindAddress", "127.0.0.1");
        configAdmin.getConfiguration(ECHO_PID, "?").update(props);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Await.until("the echo component listens on " + port, STEP_TIMEOUT_MS, () -> {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(address, 1000);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }, () -> "not listening");
        return address;
    }

    private boolean allLoopsOn(String backend) {
        return allLoopsOn(runtime, backend);
    }

    private static boolean allLoopsOn(IoRuntime rt, String backend) {
        return rt.info().loops().stream().allMatch(l -> l.backend().equals(backend));
    }

    private long swaps() {
        return runtime.info().loops().stream().mapToLong(LoopInfo::swaps).sum();
    }

    private String pauses() {
        return runtime.info().loops().stream().map(l -> l.name() + "=" + l.lastSwapNanos() / 1000 + "us")
                .collect(Collectors.joining(", "));
    }

    private String state() {
        return runtime.info().toString();
    }

    /**
     * The runtime's view, and what Config Admin and etc/ hold for its PID. Seen once in CI (s10), before the updates
     * were unbound from the file: the strategy went back to the defaults right after thread-per-core/1 was applied
     * (fileinstall's watcher read the file while fileinstall wrote it back: see UnboundConfig).
     */
    private String configState() {
        StringBuilder b = new StringBuilder(state());
        try {
            b.append("; Config Admin: ").append(configAdmin.getConfiguration(PID, null).getProperties());
            java.nio.file.Path file = cfgFile();
            b.append("; ").append(file).append(": ");
            for (String line : java.nio.file.Files.readAllLines(file)) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    b.append(line.trim()).append(" | ");
                }
            }
        } catch (Exception e) {
            b.append("; (config state unreadable: ").append(e).append(')');
        }
        return b.toString();
    }

    private static java.nio.file.Path cfgFile() {
        return java.nio.file.Paths.get(System.getProperty("karaf.etc"), PID + ".cfg");
    }
}
