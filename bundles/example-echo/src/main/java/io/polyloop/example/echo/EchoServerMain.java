package io.polyloop.example.echo;

import io.polyloop.api.IoRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The echo server without OSGi: builds a runtime with {@link IoRuntime#builder()} and serves until interrupted
 * (Ctrl-C, SIGTERM).
 *
 * <pre>
 * java -cp … io.polyloop.example.echo.EchoServerMain [port [bindAddress [runtime.cfg]]]
 * </pre>
 *
 * Defaults: port 7007 on 127.0.0.1; the optional third argument is a properties file with runtime settings (the same
 * as {@code etc/io.polyloop.runtime.cfg} in the Karaf distribution).
 */
public final class EchoServerMain {
    private EchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 3 || (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")))) {
            System.err.println("usage: EchoServerMain [port [bindAddress [runtime.cfg]]]  (default: 7007 127.0.0.1)");
            System.exit(2);
        }
        Map<String, Object> echo = new HashMap<>();
        if (args.length > 0) {
            echo.put(EchoSettings.PORT, args[0]);
        }
        if (args.length > 1) {
            echo.put(EchoSettings.BIND_ADDRESS, args[1]);
        }
        EchoSettings settings;
        try {
            settings = EchoSettings.parse(echo);
        } catch (IllegalArgumentException e) {
            System.err.println("echo: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> runtimeProperties = args.length > 2 ? load(Path.of(args[2])) : Map.of();

        IoRuntime runtime = IoRuntime.builder().properties(runtimeProperties).build();
        CountDownLatch stopped = new CountDownLatch(1);
        EchoServer server;
        try {
            server = EchoServer.start(runtime, settings.address()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            runtime.close();
            System.err.println("echo: cannot listen on " + EchoServer.format(settings.address()) + ": "
                    + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
            return;
        }
        System.out.println("echo server listening on " + EchoServer.format(server.localAddress())
                + " (polyloop " + runtime.info().backend() + ", " + runtime.info().strategy().configName()
                + "); Ctrl-C stops it");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.closeAsync().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
            runtime.close();
            stopped.countDown();
        }, "echo-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            server.closeAsync();
            runtime.close();
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
