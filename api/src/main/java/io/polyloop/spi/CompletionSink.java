package io.polyloop.spi;

/**
 * Receives completed requests from {@link IoDriver#poll} and {@link IoDriver#close}.
 * Called on the loop thread. When it is called, {@link IoRequest#isCompleted()} is true and
 * {@link IoRequest#result()} holds the outcome; the sink may submit new requests (also the same one again).
 */
@FunctionalInterface
public interface CompletionSink {
    void onCompletion(IoRequest request);
}
