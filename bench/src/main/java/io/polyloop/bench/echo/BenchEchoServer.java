package io.polyloop.bench.echo;

/** An echo server under test, listening on 127.0.0.1. */
interface BenchEchoServer extends AutoCloseable {
    int port();

    /** @return what runs, for the results ("epoll, 1 thread") */
    String description();

    @Override
    void close() throws Exception;
}
