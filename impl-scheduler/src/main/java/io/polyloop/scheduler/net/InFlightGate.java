package io.polyloop.scheduler.net;

/**
 * Serves a queue of operations through one reusable request: at most one request with the driver, and no
 * re-entrant serving. A continuation that issues the next operation from inside a completion (the usual way to
 * read or accept in a loop) only queues it; the serve pass already running, or the next completion, picks it up.
 *
 * <p>"In flight" lasts until the completion is delivered, not until the driver records it: a driver may record an
 * outcome inside submit and deliver it at its next poll, and the request must not be prepared again in between.
 * Not thread safe: loop only.
 */
final class InFlightGate {
    private final Runnable serve;
    private boolean inFlight;
    private boolean serving;

    InFlightGate(Runnable serve) {
        this.serve = serve;
    }

    /** Runs a serve pass unless a request is with the driver or a pass is already running. */
    void next() {
        if (inFlight || serving) {
            return;
        }
        serving = true;
        try {
            serve.run();
        } finally {
            serving = false;
        }
    }

    /**
     * Handles a completion as part of a serve pass: operations that continuations of {@code handling} issue (a read
     * completed here whose callback reads again) are only queued, and served in order once {@code handling} is done.
     * Replaces {@link #delivered()} for sides whose handling must finish before anything new is served.
     */
    void complete(Runnable handling) {
        inFlight = false;
        boolean outer = !serving;
        serving = true;
        try {
            handling.run();
            if (outer && !inFlight) {
                serve.run();
            }
        } finally {
            if (outer) {
                serving = false;
            }
        }
    }

    /** Call right before handing the request to the driver. */
    void submitted() {
        inFlight = true;
    }

    /** Call first thing in the completion handler. */
    void delivered() {
        inFlight = false;
    }

    boolean inFlight() {
        return inFlight;
    }
}
