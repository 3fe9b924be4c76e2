package io.polyloop.scheduler.loop;

import io.polyloop.spi.IoRequest;

/**
 * What a front-end object (a listener, a connection) sets as a request's attachment to hear of its completion.
 * Called on the loop thread.
 */
@FunctionalInterface
public interface IoCompletion {
    void onIoComplete(IoRequest request);
}
