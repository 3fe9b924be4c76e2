package io.polyloop.scheduler.net;

/**
 * Serves a queue of operations through one reusable request: at most one request with the driver, and no
 * re-entrant serving. A continuation that issues the next operation from inside a completion (the usual way to
 * read or accept in a loop) only queues it; the serve pass already running, or the next completion, picks it up.
 *
 * <p>"In flight" lasts until the completion is delivered, not until the driver records it: a driver may record an
 * outcome inside submit and deliver it at its next poll, and the request must not be prepared again in between.
 *
 * <p>The base class of what it serves ({@link #serve()} is the serve pass): a connection's two sides are their own
 * gate, with no gate object and no method reference for it, which an idle connection would keep for its lifetime.
 * Not thread safe: loop only.
 */
abstract class InFlightGate {
    private boolean inFlight;
    private boolean serving;

    /** One serve pass: submits the next request if there is work. */
    abstract void serve();

    /** Handles the delivered completion for {@link #complete()}. */
    void handleCompletion() {
        throw new UnsupportedOperationException("complete() needs handleCompletion() overridden");
    }

    /** Runs a serve pass unless a request is with the driver or a pass is already running. */
    final void next() {
        if (inFlight || serving) {
            return;
        }
        serving = true;
        try {
            serve();
        } finally {
            serving = false;
        }
    }

    /**
     * Handles a completion ({@link #handleCompletion()}) as part of a serve pass: operations that continuations of
     * the handling issue (a read completed here whose callback reads again) are only queued, and served in order once
     * the handling is done. Replaces {@link #delivered()} for sides whose handling must finish before anything new is
     * served.
     */
    final void complete() {
        inFlight = false;
        boolean outer = !serving;
        serving = true;
        try {
            handleCompletion();
            if (outer && !inFlight) {
                serve();
            }
        } finally {
            if (outer) {
                serving = false;
            }
        }
    }

    /** Call right before handing the request to the driver. */
    final void submitted() {
        inFlight = true;
    }

    /** Call first thing in the completion handler. */
    final void delivered() {
        inFlight = false;
    }

    final boolean inFlight() {
        return inFlight;
    }
}
