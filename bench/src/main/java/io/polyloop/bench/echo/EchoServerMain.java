package io.polyloop.bench.echo;

import io.polyloop.bench.proc.ChildProtocol;

/**
 * Entry point of one echo server JVM: {@code EchoServerMain <kind> <threads>}. Each server runs in its own JVM so
 * that its CPU time (from {@code /proc/<pid>/stat}) and heap are its own.
 *
 * <p>Kinds: {@code polyloop:<backend>:<strategy>}, {@code netty:epoll}, {@code netty:io_uring}, {@code netty:nio},
 * {@code jdk-nio}. Speaks {@link ChildProtocol} on stdin/stdout.
 */
public final class EchoServerMain {
    private EchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EchoServerMain <polyloop:BACKEND:STRATEGY | netty:epoll | netty:io_uring"
                    + " | netty:nio | jdk-nio> <threads>");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[1]);
        BenchEchoServer server;
        try {
            server = open(args[0], threads);
        } catch (UnavailableException e) {
            ChildProtocol.unavailable(e.getMessage());
            return;
        }
        ChildProtocol.ready(server.port(), server.description());
        ChildProtocol.serveCommands();
        server.close();
        System.exit(0);
    }

    static BenchEchoServer open(String kind, int threads) throws Exception {
        if (kind.startsWith("polyloop:")) {
            String[] parts = kind.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("kind " + kind + ": expected polyloop:<backend>:<strategy>");
            }
            return PolyloopEcho.open(parts[1], parts[2], threads);
        }
        switch (kind) {
            case "netty:epoll":
            case "netty:io_uring":
            case "netty:nio":
                return NettyEcho.open(kind.substring("netty:".length()), threads);
            case "jdk-nio":
                return JdkNioEcho.open();
            default:
                throw new IllegalArgumentException("unknown server kind " + kind
                        + "; accepted: polyloop:<backend>:<strategy>, netty:epoll, netty:io_uring, netty:nio, jdk-nio");
        }
    }
}
