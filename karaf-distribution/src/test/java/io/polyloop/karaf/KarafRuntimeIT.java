package io.polyloop.karaf;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Boots this module's own distribution (the zip just packaged, pitfall 9 of NOTES-KARAF) under Pax Exam, with the
 * polyloop features installed at boot, and drives the injected {@link IoRuntime}: TCP through it, and settings
 * changes through Config Admin, accepted and rejected, on one and the same service object.
 *
 * <p>The same boot also runs the operator's view (the polyloop:* shell commands and the JMX bean), the meaning of an
 * empty and of a deleted configuration, and the Redis examples' components against a real redis-server: one Karaf
 * boot for all of it (CI time). Every wait is bounded: the boot by {@link KarafOptions#BOOT_TIMEOUT_MS}, each I/O
 * step by 10 s, each config step by {@link #CONFIG_DEADLINE_MS}, each test by its timeout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafRuntimeIT {
    private static final long CONFIG_DEADLINE_MS = 30_000;
    private static final long IO_TIMEOUT_S = 10;
    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    // Pitfall 7: Pax Exam 4.14 injects javax.inject.Inject only.
    @javax.inject.Inject
    private IoRuntime runtime;

    @javax.inject.Inject
    private ConfigurationAdmin configAdmin;

    @javax.inject.Inject
    private BundleContext context;

    @javax.inject.Inject
    private MetaTypeService metaType;

    @javax.inject.Inject
    private SessionFactory sessions;

    @javax.inject.Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution("pax-exam");
    }

    /**
     * Unbinds io.polyloop.runtime from etc/io.polyloop.runtime.cfg before each test (the test that restores the file
     * binds it again), so that no change a test makes, by Config Admin or by the shell, races fileinstall's write-back
     * (see UnboundConfig).
     */
    @Before
    public void unbindTheRuntimePidFromItsFile() throws Exception {
        UnboundConfig.put(configAdmin, "io.polyloop.runtime");
    }

    @Test(timeout = 120_000) // a hard bound per test, besides the bounded waits inside
    public void runtimeServesTcpAndFollowsConfigAdminOnTheSameServiceObject() throws Exception {
        assertNotNull("IoRuntime not injected", runtime);
        assertEquals("the bundle serving IoRuntime", "io.polyloop.scheduler", providerOf(IoRuntime.class));
        RuntimeInfo initial = runtime.info();
        assertFalse(initial.closed());
        assertEquals("etc/io.polyloop.runtime.cfg sets the defaults", 64, initial.settings().taskBudget());
        assertTrue("auto picks io_uring where its probe passes, else epoll: " + initial.backend(),
                List.of("io_uring", "epoll").contains(initial.backend()));

        roundTrip("before any change");

        // An accepted change: taskBudget 64 -> 128, and a pooled-buffer setting (once a -D system property).
        update("taskBudget", 128, "starvedReadMillis", "2500");
        awaitTrue("taskBudget=128 applied", () -> runtime.info().settings().taskBudget() == 128,
                () -> runtime.info().toString());
        assertEquals(2500, runtime.info().settings().starvedReadMillis());
        assertNull("no rejection after an accepted change", runtime.info().lastRejection());
        assertSame("the IoRuntime service object changed on an accepted change", runtime, currentService());
        roundTrip("after taskBudget=128");

        // A rejected change: threads=-1. The previous settings stay and the runtime keeps serving.
        RuntimeInfo before = runtime.info();
        update("threads", -1);
        awaitTrue("threads=-1 rejected", () -> {
            String rejection = runtime.info().lastRejection();
            return rejection != null && rejection.contains("threads");
        }, () -> runtime.info().toString());
        RuntimeInfo after = runtime.info();
        assertTrue(after.lastRejection(), after.lastRejection().contains("-1"));
        assertEquals("settings changed by a rejected configuration", before.settings(), after.settings());
        assertEquals(128, after.settings().taskBudget());
        assertFalse(after.closed());
        assertSame("the IoRuntime service object changed on a rejected change", runtime, currentService());
        roundTrip("after the rejected threads=-1");

        // Back to a valid configuration: accepted again, and the rejection is cleared.
        update("threads", 0, "taskBudget", 96);
        awaitTrue("taskBudget=96 applied", () -> runtime.info().settings().taskBudget() == 96,
                () -> runtime.info().toString());
        assertNull(runtime.info().lastRejection());
        assertSame(runtime, currentService());
        roundTrip("after recovering");
    }

    /** Karaf's config commands and the web console describe the PID from this metatype. */
    @Test(timeout = 120_000) // a hard bound per test, besides the bounded waits inside
    public void thePidIsDescribedByMetatype() {
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(bundle("io.polyloop.scheduler"))
                .getObjectClassDefinition("io.polyloop.runtime", null);
        assertNotNull("no metatype for PID io.polyloop.runtime", ocd);
        List<String> ids = new ArrayList<>();
        for (AttributeDefinition a : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            ids.add(a.getID());
            if (a.getID().equals("backend")) {
                assertTrue(Arrays.toString(a.getOptionValues()), Arrays.asList(a.getOptionValues()).contains("epoll"));
                assertArrayEquals(new String[] {"auto"}, a.getDefaultValue());
            }
        }
        assertEquals("the metatype describes every property of the catalog, in its order",
                RuntimeSettings.names(), ids);
    }

    @Test(timeout = 120_000) // a hard bound per test, besides the bounded waits inside
    public void echoExampleComponentIsActive() throws Exception {
        Bundle echo = bundle("io.polyloop.example.echo");
        awaitTrue("bundle io.polyloop.example.echo active", () -> echo.getState() == Bundle.ACTIVE,
                () -> "state " + echo.getState());
        for (String bsn : new String[] {"io.polyloop.api", "io.polyloop.scheduler", "io.polyloop.posix",
                "io.polyloop.epoll", "io.polyloop.iouring", "com.sun.jna"}) {
            assertEquals(bsn + " not active", Bundle.ACTIVE, bundle(bsn).getState());
        }
    }

    /**
     * The operator's view: polyloop:status, backends, loops and swap through Karaf's shell, checked against the runtime
     * and the JMX bean. A swap to a backend that cannot run here is refused at once with the probe's reason (twice in
     * a row too) and not written to the configuration; a bad value written to the configuration by other means shows
     * as "last rejected" in polyloop:status and in JMX until a valid change arrives.
     */
    @Test(timeout = 150_000)
    public void shellCommandsAndJmxShowTheRuntimeAndSwapItsBackend() throws Exception {
        Shell shell = new Shell(sessions, Shell.user("karaf", "admin", "manager", "viewer"));
        ObjectName bean = new ObjectName("io.polyloop:type=Runtime");
        var jmx = ManagementFactory.getPlatformMBeanServer();

        String status = shell.run("polyloop:status");
        assertTrue(status, status.contains("backend        " + runtime.info().backend()));
        assertTrue(status, status.contains("strategy       " + runtime.info().strategy().configName()));
        assertTrue(status, status.contains("last rejected"));
        assertTrue(status, status.contains("last reshape   " + runtime.info().reshapes().summary()));
        assertTrue(status, status.contains("rejections     " + runtime.info().rejections() + " since start"));
        assertEquals(runtime.info().reshapes().count(), jmx.getAttribute(bean, "Reshapes"));
        long rejectionsBefore = (Long) jmx.getAttribute(bean, "Rejections");

        String backends = shell.run("polyloop:backends");
        assertTrue(backends, backends.matches("(?s).*epoll .* available .*"));
        assertTrue(backends, backends.matches("(?s).*kqueue .*unavailable .*macOS or FreeBSD.*"));
        assertTrue(backends, backends.matches("(?s).*iocp .*unavailable .*requires Windows.*"));
        String loops = shell.run("polyloop:loops");
        assertTrue(loops, loops.contains("last swap us") && loops.contains("-loop-0"));

        String swap = shell.run("polyloop:swap epoll");
        assertTrue(swap, swap.startsWith("applied: backend=epoll"));
        assertEquals("epoll", runtime.info().backend());
        assertEquals("epoll", jmx.getAttribute(bean, "Backend"));
        roundTrip("after polyloop:swap epoll");

        for (int i = 0; i < 2; i++) { // the same refusal twice: both answered at once
            String refused = shell.run("polyloop:swap kqueue");
            assertTrue(refused, refused.startsWith("rejected (not written to the configuration): backend='kqueue'"
                    + " cannot run here: kqueue requires macOS or FreeBSD"));
            assertEquals("epoll", runtime.info().backend());
            assertEquals("epoll", configAdmin.getConfiguration("io.polyloop.runtime", null).getProperties()
                    .get("backend"));
        }
        String nonsense = shell.run("polyloop:strategy fastest");
        assertTrue(nonsense, nonsense.startsWith("rejected (not written to the configuration): strategy='fastest'"));

        update("taskBudget", "lots");
        awaitTrue("taskBudget=lots rejected", () -> runtime.info().lastRejection() != null,
                () -> runtime.info().toString());
        String rejectedStatus = shell.run("polyloop:status");
        assertTrue(rejectedStatus, rejectedStatus.contains("last rejected  taskBudget='lots' is not an integer;"
                + " accepted: 1 to 65536"));
        assertEquals(runtime.info().lastRejection(), jmx.getAttribute(bean, "LastRejection"));
        assertTrue("the rejection is counted", (Long) jmx.getAttribute(bean, "Rejections") > rejectionsBefore);

        update("taskBudget", "64");
        String back = shell.run("polyloop:swap auto");
        assertTrue(back, back.startsWith("applied: backend=auto"));
        assertTrue(back, back.contains("last rejected  none"));
        assertEquals("", jmx.getAttribute(bean, "LastRejection"));
        assertEquals(runtime.info().backend(), jmx.getAttribute(bean, "Backend"));
        roundTrip("after polyloop:swap auto");
    }

    /**
     * etc/org.apache.karaf.command.acl.polyloop.cfg: a user with the viewer role only may look (status, loops,
     * backends) but not change the runtime (swap, strategy): for him those commands do not exist, and nothing is
     * written to the configuration. A session without a logged-in user has no role and may run none of them; the
     * admin may run all (the test above).
     */
    @Test(timeout = 120_000)
    public void aViewerMayLookButNotChangeTheRuntime() throws Exception {
        org.osgi.service.cm.Configuration[] acl = configAdmin.listConfigurations(
                "(service.pid=org.apache.karaf.command.acl.polyloop)");
        assertNotNull("the ACL of scope polyloop is in Config Admin", acl);
        assertEquals("admin", acl[0].getProperties().get("swap"));
        // a Karaf without this distribution gets the same file from feature polyloop-shell; one already there (ours,
        // or an operator's edit) is kept
        org.apache.karaf.features.ConfigFileInfo shipped = features.getFeature("polyloop-shell")
                .getConfigurationFiles().stream().filter(c -> c.getFinalname().endsWith("command.acl.polyloop.cfg"))
                .findFirst().orElseThrow(() -> new AssertionError("polyloop-shell ships no command ACL"));
        assertEquals("/etc/org.apache.karaf.command.acl.polyloop.cfg", shipped.getFinalname());
        assertFalse("an operator's edited ACL is not replaced", shipped.isOverride());
        String version = shipped.getLocation().split("/")[2];
        java.nio.file.Path artifact = java.nio.file.Paths.get(System.getProperty("karaf.home"), "system", "io",
                "polyloop", "features", version, "features-" + version + "-command-acl.cfg");
        assertArrayEquals("the feature's file and the distribution's are the same",
                java.nio.file.Files.readAllBytes(artifact), java.nio.file.Files.readAllBytes(java.nio.file.Paths
                        .get(System.getProperty("karaf.etc"), "org.apache.karaf.command.acl.polyloop.cfg")));

        Shell viewer = new Shell(sessions, Shell.user("viewer", "viewer"));
        String status = viewer.run("polyloop:status");
        assertTrue(status, status.contains("strategy       " + runtime.info().strategy().configName()));
        assertTrue(viewer.run("polyloop:loops").contains("-loop-0"));
        assertTrue(viewer.run("polyloop:backends").contains("epoll"));

        Object backendBefore = backendProperty();
        String strategyBefore = runtime.info().strategy().configName();
        for (String change : new String[] {"polyloop:swap io_uring", "polyloop:strategy single-threaded"}) {
            Exception refused = viewer.refused(change);
            assertTrue(change + ": " + refused, String.valueOf(refused).contains("Command not found")
                    || String.valueOf(refused).contains("Insufficient credentials"));
        }
        assertEquals("nothing written by the refused commands", backendBefore, backendProperty());
        assertEquals(strategyBefore, runtime.info().strategy().configName());

        Shell nobody = new Shell(sessions, null);
        Exception refused = nobody.refused("polyloop:status");
        assertTrue(String.valueOf(refused), String.valueOf(refused).contains("Command not found"));
    }

    private Object backendProperty() throws Exception {
        Dictionary<String, Object> p = configAdmin.getConfiguration("io.polyloop.runtime", null)
                .getProperties();
        return p == null ? null : p.get("backend");
    }

    /**
     * An empty configuration, then a deleted one (config:delete, or the .cfg file removed): SCR hands the component
     * no properties of ours and the runtime goes back to the defaults, on the same service object, still serving.
     */
    @Test(timeout = 120_000)
    public void emptyAndDeletedConfigurationsMeanTheDefaultsOnTheSameServiceObject() throws Exception {
        FileBackedConfig cfg = FileBackedConfig.save(context, configAdmin, "io.polyloop.runtime");
        update("taskBudget", "77", "backend", "epoll");
        awaitTrue("taskBudget=77 applied", () -> runtime.info().settings().taskBudget() == 77,
                () -> runtime.info().toString());
        configAdmin.getConfiguration("io.polyloop.runtime", null).update(new Hashtable<>());
        awaitTrue("the defaults after an empty configuration",
                () -> runtime.info().settings().equals(RuntimeSettings.defaults()), () -> runtime.info().toString());
        assertNull(runtime.info().lastRejection());
        assertSame(runtime, currentService());

        update("taskBudget", "78", "threads", "-3");
        awaitTrue("threads=-3 rejected", () -> runtime.info().lastRejection() != null,
                () -> runtime.info().toString());
        cfg.delete(); // returns after fileinstall's own deletion of the PID too (see FileBackedConfig)
        awaitTrue("the defaults after the configuration is deleted, and no rejection",
                () -> runtime.info().settings().equals(RuntimeSettings.defaults())
                        && runtime.info().lastRejection() == null, () -> runtime.info().toString());
        assertSame("the IoRuntime service object changed when the configuration was deleted", runtime,
                currentService());
        roundTrip("after the configuration was deleted");
        cfg.restore(); // etc/io.polyloop.runtime.cfg as it was before this test, bound to its file again
        String budget = String.valueOf(configAdmin.getConfiguration("io.polyloop.runtime", null).getProperties()
                .get("taskBudget"));
        awaitTrue("taskBudget=" + budget + " from the restored file", () -> budget.equals(String.valueOf(
                runtime.info().settings().taskBudget())) && runtime.info().lastRejection() == null,
                () -> runtime.info().toString());
    }

    /**
     * Feature polyloop-redis-examples installed into the running Karaf: the RedisClient service (DS, Config Admin)
     * against a real redis-server started here on a free loopback port, then against the mini-redis component; then
     * the feature is uninstalled and mini-redis stops listening.
     */
    @Test(timeout = 180_000)
    public void redisExamplesServeInKaraf() throws Exception {
        int miniPort = RedisServerProcess.freePort();
        Hashtable<String, Object> mini = new Hashtable<>();
        mini.put("port", Integer.toString(miniPort)); // before the install: it never binds the default 6380
        configAdmin.getConfiguration("io.polyloop.example.redis.server", "?").update(mini);
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            // no refresh: a refresh would restart this test's own bundle (it imports dynamically) under the test
            features.installFeature("polyloop-redis-examples", NO_REFRESH);
            for (String bsn : new String[] {"io.polyloop.example.redis.client", "io.polyloop.example.redis.server"}) {
                Bundle b = bundle(bsn);
                awaitTrue(bsn + " active", () -> b.getState() == Bundle.ACTIVE, () -> "state " + b.getState());
            }
            awaitTrue("mini-redis answers PING on " + miniPort, () -> RedisServerProcess.pings(miniPort), () -> "");
            RedisScenario scenario = new RedisScenario(context, configAdmin);
            scenario.exerciseAgainst(redis.port(), "redis-server");
            scenario.exerciseAgainst(miniPort, "mini-redis");
            assertEquals("one RedisClient service: the reconfigured one replaced the first", 1,
                    scenario.serviceCount());

            features.uninstallFeature("polyloop-redis-examples", NO_REFRESH);
            awaitTrue("mini-redis stopped listening", () -> !RedisServerProcess.pings(miniPort), () -> "");
            awaitTrue("no RedisClient service", () -> scenario.serviceCount() == 0, () -> "");
            assertTrue("redis-server still up", RedisServerProcess.pings(redis.port()));
        } finally {
            for (String pid : new String[] {RedisScenario.CLIENT_PID, "io.polyloop.example.redis.server"}) {
                try {
                    configAdmin.getConfiguration(pid, "?").delete();
                } catch (RuntimeException e) {
                    System.out.println("cleanup: cannot delete " + pid + ": " + e); // never hides the test's failure
                }
            }
        }
    }

    /** Listens on 127.0.0.1:0, connects, writes, reads it on the accepted side, writes it back, reads it back. */
    private void roundTrip(String when) throws Exception {
        byte[] message = ("polyloop in Karaf, " + when).getBytes(StandardCharsets.UTF_8);
        TcpListener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0)).get(IO_TIMEOUT_S, TimeUnit.SECONDS);
        try {
            assertEquals("127.0.0.1", listener.localAddress().getAddress().getHostAddress());
            var accepted = listener.accept();
            TcpStream client = runtime.connect(listener.localAddress()).get(IO_TIMEOUT_S, TimeUnit.SECONDS);
            TcpStream server = accepted.get(IO_TIMEOUT_S, TimeUnit.SECONDS);
            try {
                client.write(ByteBuffer.wrap(message)).get(IO_TIMEOUT_S, TimeUnit.SECONDS);
                ByteBuffer got = readFully(server, message.length);
                server.write(got).get(IO_TIMEOUT_S, TimeUnit.SECONDS);
                ByteBuffer back = readFully(client, message.length);
                assertArrayEquals("round trip " + when, message, back.array());
            } finally {
                client.close();
                server.close();
            }
        } finally {
            listener.close();
        }
    }

    private static ByteBuffer readFully(TcpStream stream, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = stream.read(buffer).get(IO_TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue("end of stream after " + buffer.position() + " of " + length + " bytes", n > 0);
        }
        buffer.flip();
        return buffer;
    }

    /**
     * Sets properties on the PID io.polyloop.runtime, keeping the others (those of etc/io.polyloop.runtime.cfg), unbound
     * from the file (see UnboundConfig).
     */
    private void update(Object... keyValues) throws Exception {
        UnboundConfig.put(configAdmin, "io.polyloop.runtime", keyValues);
    }

    private IoRuntime currentService() {
        ServiceReference<IoRuntime> ref = context.getServiceReference(IoRuntime.class);
        assertNotNull("no IoRuntime service registered", ref);
        try {
            return context.getService(ref);
        } finally {
            context.ungetService(ref);
        }
    }

    private String providerOf(Class<?> service) {
        ServiceReference<?> ref = context.getServiceReference(service.getName());
        assertNotNull("no " + service.getName() + " service", ref);
        return ref.getBundle().getSymbolicName();
    }

    private Bundle bundle(String symbolicName) {
        List<String> seen = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
            seen.add(b.getSymbolicName());
        }
        fail("no bundle " + symbolicName + " installed; bundles: " + seen);
        return null;
    }

    private static void awaitTrue(String what, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONFIG_DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + CONFIG_DEADLINE_MS / 1000 + " s: " + what + "; state: " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
