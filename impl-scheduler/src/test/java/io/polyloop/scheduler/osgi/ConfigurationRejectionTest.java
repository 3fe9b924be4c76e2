package io.polyloop.scheduler.osgi;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iocp.IocpBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.kqueue.KqueueBackendProvider;
import io.polyloop.scheduler.jmx.RuntimeStatus;
import io.polyloop.scheduler.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every kind of bad input to PID {@code io.polyloop.runtime}, through the Config Admin component as SCR drives it
 * (activate, modified), with the real backends of this machine: each rejection names the property, the value and what
 * is accepted, in the log and in the status ({@link RuntimeInfo#lastRejection()}, the JMX bean) until a valid change
 * arrives; the runtime keeps its previous settings, its service object and its service properties, and keeps serving.
 * An empty or deleted configuration means the defaults.
 */
@Timeout(60)
class ConfigurationRejectionTest {
    /** A valid configuration that differs from the defaults, so that "kept" and "back to defaults" are visible. */
    private static final Map<String, Object> GOOD = Map.of(RuntimeSettings.BACKEND, "epoll",
            RuntimeSettings.TASK_BUDGET, "100", RuntimeSettings.BLOCKED_THRESHOLD_MILLIS, "5000");

    private final FakeBundleContext bundle = new FakeBundleContext();
    private RuntimeComponent component;

    @BeforeEach
    void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the epoll backend runs on Linux");
    }

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
            assertTrue(bundle.unregistered, "the IoRuntime service was not unregistered");
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(objectName()));
        }
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                // unknown property names
                arguments("a misspelt name", Map.of("taskbudget", "32"),
                        List.of("unknown property 'taskbudget'", "accepted: strategy, backend, threads, taskBudget")),
                arguments("two unknown names and a bad value, all named at once",
                        Map.of("threadz", "2", "ringsize", "64", RuntimeSettings.TASK_BUDGET, "0"),
                        List.of("'threadz'", "'ringsize'", "taskBudget=0 is out of range; accepted: 1 to 65536")),
                arguments("a -D name copied into the .cfg (would do nothing if ignored)",
                        Map.of("io.polyloop.buffers.leakSampling", "1"),
                        List.of("unknown property 'io.polyloop.buffers.leakSampling': settings of io.polyloop.runtime"
                                + " have no dots (did you mean 'leakSampling'?)")),
                // numbers out of range
                arguments("negative threads", Map.of(RuntimeSettings.THREADS, "-1"),
                        List.of("threads=-1 is out of range; accepted: 0 (one per core) to 1024")),
                arguments("zero taskBudget", Map.of(RuntimeSettings.TASK_BUDGET, 0),
                        List.of("taskBudget=0 is out of range; accepted: 1 to 65536")),
                arguments("queueCapacity one past the maximum", Map.of(RuntimeSettings.QUEUE_CAPACITY, "67108865"),
                        List.of("queueCapacity=67108865 is out of range; accepted: 16 to 67108864")),
                arguments("ringSize not a power of two", Map.of(RuntimeSettings.RING_SIZE, "100"),
                        List.of("ringSize=100 is not a power of two; accepted: a power of two from 16 to 32768")),
                arguments("a Long beyond int", Map.of(RuntimeSettings.BLOCKED_THRESHOLD_MILLIS, Long.MAX_VALUE),
                        List.of("blockedThresholdMillis=" + Long.MAX_VALUE + " is out of range; accepted: 0 (off)")),
                arguments("a number too long for a long", Map.of(RuntimeSettings.TIMER_TICK_MILLIS,
                        "99999999999999999999"), List.of("timerTickMillis='99999999999999999999' is not an integer")),
                arguments("a negative starved-read wait", Map.of(RuntimeSettings.STARVED_READ_MILLIS, "-1"),
                        List.of("starvedReadMillis=-1 is out of range; accepted: 0 (fail at the first retry) to"
                                + " 3600000")),
                arguments("zero leak sampling", Map.of(RuntimeSettings.LEAK_SAMPLING, 0),
                        List.of("leakSampling=0 is out of range; accepted: 1 (every loan) to 1048576")),
                // wrong types
                arguments("words for an integer", Map.of(RuntimeSettings.TASK_BUDGET, "sixty-four"),
                        List.of("taskBudget='sixty-four' is not an integer; accepted: 1 to 65536")),
                arguments("an empty value", Map.of(RuntimeSettings.THREADS, ""),
                        List.of("threads='' is not an integer")),
                arguments("a Double for an integer", Map.of(RuntimeSettings.TASK_BUDGET, 1.5),
                        List.of("taskBudget=1.5 (Double) is not an integer")),
                arguments("yes for a boolean", Map.of(RuntimeSettings.IO_URING_MULTISHOT, "yes"),
                        List.of("ioUringMultishot='yes' is not a boolean; accepted: true or false")),
                arguments("an Integer for a boolean", Map.of(RuntimeSettings.IO_URING_DEFER_TASKRUN, 1),
                        List.of("ioUringDeferTaskrun=1 (Integer) is not a boolean")),
                arguments("sometimes for trackLeaks", Map.of(RuntimeSettings.TRACK_LEAKS, "sometimes"),
                        List.of("trackLeaks='sometimes' is not a boolean; accepted: true or false")),
                arguments("an Integer for a string", Map.of(RuntimeSettings.STRATEGY, 5),
                        List.of("strategy=5 (Integer) is not a string")),
                arguments("an array (typed .config file) for a string",
                        Map.of(RuntimeSettings.BACKEND, new String[] {"epoll", "io_uring"}),
                        List.of("backend=[epoll, io_uring] (String[]) is not a string")),
                // unknown enumeration values
                arguments("an unknown strategy", Map.of(RuntimeSettings.STRATEGY, "fastest"),
                        List.of("strategy='fastest' is not a strategy of this version; accepted: "
                                + Strategy.accepted())),
                arguments("an unknown affinity", Map.of(RuntimeSettings.AFFINITY, "random"),
                        List.of("affinity='random' is not accepted; accepted: none, sequential")),
                arguments("a malformed backend name", Map.of(RuntimeSettings.BACKEND, "Epoll!"),
                        List.of("backend='Epoll!' is not a backend name")),
                arguments("a backend nobody installed", Map.of(RuntimeSettings.BACKEND, "solaris_ports"),
                        List.of("backend='solaris_ports' is not installed; accepted: auto, epoll")),
                // backends whose probe fails here
                arguments("kqueue on Linux", Map.of(RuntimeSettings.BACKEND, "kqueue"),
                        List.of("backend='kqueue' cannot run here: kqueue requires macOS or FreeBSD", "accepted: auto")),
                arguments("iocp on Linux", Map.of(RuntimeSettings.BACKEND, "iocp"),
                        List.of("backend='iocp' cannot run here: iocp requires Windows", "accepted: auto")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void aRejectedChangeKeepsThePreviousSettingsAndShowsUntilAValidOne(String kind, Map<String, Object> bad,
                                                                       List<String> expected) throws Exception {
        component = activate(GOOD);
        IoRuntime service = (IoRuntime) bundle.service.get();
        RuntimeInfo before = service.info();
        assertNull(before.lastRejection(), before.lastRejection());
        Map<?, ?> serviceProperties = serviceProperties();

        try (LogCapture log = new LogCapture()) {
            component.modified(withFrameworkProperties(bad));
            String logged = log.text();
            for (String fragment : expected) {
                assertTrue(logged.contains(fragment), kind + ": the log does not say '" + fragment + "':\n" + logged);
            }
            assertTrue(logged.contains("WARN") && logged.contains("configuration rejected"), logged);
        }
        RuntimeInfo after = service.info();
        String why = after.lastRejection();
        assertNotNull(why, kind + ": no rejection in the status");
        for (String fragment : expected) {
            assertTrue(why.contains(fragment), kind + ": the rejection does not say '" + fragment + "': " + why);
        }
        assertEquals(before.settings(), after.settings(), kind + ": settings changed");
        assertEquals("epoll", after.backend());
        assertEquals(serviceProperties, serviceProperties(), kind + ": service properties changed");
        assertEquals(why, jmx("LastRejection"), "JMX shows the rejection");
        roundTrip(service);

        // the rejection stays visible across another rejected change's absence ... until a valid change arrives
        assertEquals(why, service.info().lastRejection());
        component.modified(withFrameworkProperties(Map.of(RuntimeSettings.BACKEND, "epoll",
                RuntimeSettings.TASK_BUDGET, 32)));
        assertNull(service.info().lastRejection(), "a valid change clears the rejection");
        assertEquals("", jmx("LastRejection"));
        assertEquals(32, service.info().settings().taskBudget());
        assertSame(service, bundle.service.get(), "one service object throughout");
    }

    @Test
    void aBadConfigurationAtActivationStartsOnTheDefaultsAndSaysWhy() throws Exception {
        try (LogCapture log = new LogCapture()) {
            component = activate(Map.of(RuntimeSettings.TASK_BUDGET, "-5", RuntimeSettings.BACKEND, "epoll"));
            assertTrue(log.text().contains("taskBudget=-5 is out of range; accepted: 1 to 65536"), log.text());
        }
        IoRuntime service = (IoRuntime) bundle.service.get();
        assertEquals(RuntimeSettings.defaults(), service.info().settings());
        assertTrue(service.info().lastRejection().contains("taskBudget=-5"), service.info().lastRejection());
        roundTrip(service);
        component.modified(withFrameworkProperties(Map.of(RuntimeSettings.TASK_BUDGET, "5")));
        assertNull(service.info().lastRejection());
        assertEquals(5, service.info().settings().taskBudget());
    }

    /** An empty configuration (an empty .cfg file, or every line commented out) means every property's default. */
    @Test
    void anEmptyConfigurationMeansTheDefaults() throws Exception {
        component = activate(GOOD);
        IoRuntime service = (IoRuntime) bundle.service.get();
        component.modified(withFrameworkProperties(Map.of()));
        assertEquals(RuntimeSettings.defaults(), service.info().settings());
        assertNull(service.info().lastRejection());
        roundTrip(service);
    }

    /**
     * A deleted configuration (config:delete, or the .cfg file removed): with policy OPTIONAL, SCR calls modified with
     * the component's own properties only (component.name, component.id, no service.pid): the defaults again, on the
     * same service object. A rejection shown before is cleared, since the defaults are valid.
     */
    @Test
    void aDeletedConfigurationMeansTheDefaults() throws Exception {
        component = activate(GOOD);
        IoRuntime service = (IoRuntime) bundle.service.get();
        component.modified(withFrameworkProperties(Map.of(RuntimeSettings.THREADS, "-2")));
        assertNotNull(service.info().lastRejection());
        component.modified(Map.of("component.name", RuntimeComponent.class.getName(), "component.id", 7L));
        assertEquals(RuntimeSettings.defaults(), service.info().settings());
        assertNull(service.info().lastRejection());
        assertSame(service, bundle.service.get());
        roundTrip(service);
    }

    /** Values as a .cfg file gives them (strings, with spaces) and as typed configurations give them are equal. */
    @Test
    void stringAndTypedValuesAreAccepted() throws Exception {
        component = activate(Map.of(RuntimeSettings.TASK_BUDGET, " 128 ", RuntimeSettings.IO_URING_MULTISHOT, "FALSE",
                RuntimeSettings.BLOCKING_QUEUE, 10L, RuntimeSettings.IO_URING_DEFER_TASKRUN, Boolean.FALSE,
                RuntimeSettings.BACKEND, " epoll"));
        IoRuntime service = (IoRuntime) bundle.service.get();
        assertNull(service.info().lastRejection());
        RuntimeSettings s = service.info().settings();
        assertEquals(128, s.taskBudget());
        assertEquals(10, s.blockingQueue());
        assertFalse(s.booleanValue(RuntimeSettings.IO_URING_MULTISHOT));
        assertFalse(s.booleanValue(RuntimeSettings.IO_URING_DEFER_TASKRUN));
        assertEquals("epoll", service.info().backend());
    }

    private RuntimeComponent activate(Map<String, Object> properties) {
        RuntimeComponent c = new RuntimeComponent();
        c.addProvider(new EpollBackendProvider());
        c.addProvider(new IoUringBackendProvider());
        c.addProvider(new KqueueBackendProvider());
        c.addProvider(new IocpBackendProvider());
        c.activate(bundle.context(), withFrameworkProperties(properties));
        return c;
    }

    /** What SCR hands a component: the configuration plus properties of its own, all with a dot in their names. */
    private static Map<String, Object> withFrameworkProperties(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("service.pid", RuntimeSettings.PID);
        all.put("component.name", RuntimeComponent.class.getName());
        all.put("component.id", 7L);
        all.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.polyloop.runtime.cfg");
        return all;
    }

    private Map<?, ?> serviceProperties() {
        Map<Object, Object> copy = new HashMap<>();
        var d = bundle.properties.get();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            Object k = keys.nextElement();
            copy.put(k, d.get(k));
        }
        return copy;
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName(RuntimeStatus.OBJECT_NAME);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object jmx(String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(objectName(), attribute);
    }

    /** The runtime still serves: a listener, a connection and a few bytes each way on loopback. */
    private static void roundTrip(IoRuntime rt) throws Exception {
        var listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(10, TimeUnit.SECONDS);
        try {
            var accepted = listener.accept();
            var client = rt.connect(listener.localAddress()).get(10, TimeUnit.SECONDS);
            var server = accepted.get(10, TimeUnit.SECONDS);
            client.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS);
            assertEquals(3, server.readExactly(3).get(10, TimeUnit.SECONDS).remaining());
            client.close();
            server.close();
        } finally {
            listener.close();
        }
    }
}
