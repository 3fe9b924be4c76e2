package io.polyloop.bench.redis;

import java.util.concurrent.CompletionStage;

/** The two commands the Redis client benchmark sends, over whichever client is under test. Thread safe. */
public interface AsyncKv extends AutoCloseable {
    CompletionStage<?> get(String key);

    CompletionStage<?> set(String key, String value);

    /** @return what runs, for the results */
    String description();

    @Override
    void close() throws Exception;
}
