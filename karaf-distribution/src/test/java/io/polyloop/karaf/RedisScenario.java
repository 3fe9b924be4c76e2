package io.polyloop.karaf;

import io.polyloop.example.redis.client.RedisClient;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

/**
 * The Redis examples' DS components driven through Config Admin in Karaf: the {@link RedisClient} service against a
 * real redis-server, then against the mini-redis component, each checked from outside with a plain socket. Kept apart
 * from the test class because it links to the redis-client bundle's classes, which exist only once the feature is
 * installed (the probe imports them dynamically).
 */
final class RedisScenario {
    static final String CLIENT_PID = "io.polyloop.example.redis.client";
    private static final long IO_TIMEOUT_S = 10;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;

    RedisScenario(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    /** Points the client component at 127.0.0.1:{@code port} and exercises the service it publishes. */
    void exerciseAgainst(int port, String label) throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("host", "127.0.0.1");
        props.put("port", Integer.toString(port));
        props.put("poolSize", "2");
        configAdmin.getConfiguration(CLIENT_PID, "?").update(props);
        RedisClient redis = awaitClient(port);
        Await.until("the RedisClient for port " + port + " connected", redis::isConnected, redis::toString);

        String key = "polyloop:karaf:" + label;
        redis.set(key, "hello " + label).toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals("hello " + label, redis.get(key).toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS));
        assertNull(redis.get(key + ":missing").toCompletableFuture().get(IO_TIMEOUT_S, TimeUnit.SECONDS));
        // pipelined: 500 INCRs in flight over the pool, every reply distinct, the last one 500
        List<CompletableFuture<Long>> incrs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            incrs.add(redis.incr(key + ":n").toCompletableFuture());
        }
        long max = 0;
        for (CompletableFuture<Long> f : incrs) {
            max = Math.max(max, f.get(IO_TIMEOUT_S, TimeUnit.SECONDS));
        }
        assertEquals(500, max);
        // seen from outside: the server really holds what the service wrote
        assertEquals("hello " + label, inlineGet(port, key));
        assertEquals("500", inlineGet(port, key + ":n"));
    }

    private RedisClient awaitClient(int port) throws Exception {
        String filter = "(port=" + port + ")";
        RedisClient[] found = new RedisClient[1];
        Await.until("a RedisClient service with " + filter, () -> {
            Collection<ServiceReference<RedisClient>> refs;
            try {
                refs = context.getServiceReferences(RedisClient.class, filter);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (refs.isEmpty()) {
                return false;
            }
            found[0] = context.getService(refs.iterator().next());
            return found[0] != null;
        }, () -> "services: " + serviceCount());
        return found[0];
    }

    int serviceCount() {
        try {
            return context.getServiceReferences(RedisClient.class, null).size();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An inline {@code GET key} on a plain socket: the value, or null for a missing key. */
    static String inlineGet(int port, String key) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("$")) {
                throw new IOException("GET " + key + " on port " + port + ": " + header);
            }
            return header.equals("$-1") ? null : in.readLine();
        }
    }
}
