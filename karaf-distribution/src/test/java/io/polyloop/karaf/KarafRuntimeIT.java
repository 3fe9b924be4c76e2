package io.polyloop.karaf;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
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
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

/**
 * Boots this module's own distribution (the zip just packaged, pitfall 9 of NOTES-KARAF) under Pax Exam, with the
 * polyloop features installed at boot, and drives the injected {@link IoRuntime}: TCP through it, and settings
 * changes through Config Admin, accepted and rejected, on one and the same service object.
 *
 * <p>Every wait is bounded: the boot by the Pax Exam system and service timeouts (a provisioning deadlock, pitfall 10,
 * ends as "gave up waiting for service io.polyloop.api.IoRuntime"), each I/O step by 10 s, each config step by
 * {@link #CONFIG_DEADLINE_MS}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafRuntimeIT {
    private static final long BOOT_TIMEOUT_MS = 180_000;
    private static final long CONFIG_DEADLINE_MS = 30_000;
    private static final long IO_TIMEOUT_S = 10;

    // Pitfall 7: Pax Exam 4.14 injects javax.inject.Inject only.
    @javax.inject.Inject
    private IoRuntime runtime;

    @javax.inject.Inject
    private ConfigurationAdmin configAdmin;

    @javax.inject.Inject
    private BundleContext context;

    @javax.inject.Inject
    private MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        String zip = System.getProperty("polyloop.distribution.zip");
        if (zip == null || !new File(zip).isFile()) {
            throw new IllegalStateException("the distribution zip " + zip + " is not built: run 'mvn verify' (the"
                    + " integration tests boot the zip packaged by this module)");
        }
        String work = System.getProperty("polyloop.it.work", "target/it");
        return new Option[] {
            // -Dpolyloop.it.keep=true keeps the unpacked Karaf (with data/log/karaf.log) for a post-mortem.
            when(Boolean.getBoolean("polyloop.it.keep")).useOptions(keepRuntimeFolder()),
            karafDistributionConfiguration()
                    .frameworkUrl("file:" + new File(zip).getAbsolutePath())
                    .karafVersion(System.getProperty("polyloop.karaf.version", "4.4.10"))
                    .name("polyloop distribution")
                    .unpackDirectory(new File(work, "pax-exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevelOption.LogLevel.INFO),
            // The echo example is part of the distribution: any free port here, so it never clashes with 7007.
            editConfigurationFilePut("etc/io.polyloop.example.echo.cfg", "port", "0"),
            systemTimeout(BOOT_TIMEOUT_MS),
            // How long @Inject waits for a service inside Karaf (boot features are still provisioning at first).
            systemProperty("pax.exam.service.timeout").value(String.valueOf(BOOT_TIMEOUT_MS)),
        };
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

        // An accepted change: taskBudget 64 -> 128.
        update("taskBudget", 128);
        awaitTrue("taskBudget=128 applied", () -> runtime.info().settings().taskBudget() == 128,
                () -> runtime.info().toString());
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

    /** Sets properties on the PID io.polyloop.runtime, keeping the others (those of etc/io.polyloop.runtime.cfg). */
    private void update(Object... keyValues) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("io.polyloop.runtime", null);
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
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
