package io.polyloop.scheduler.net;

/**
 * Serves a queue of operations through one reusable request: at most one request with the driver, and no
 * re-entrant serving. A continuation that issues the next operation from inside a completion (the usual way to
 * read or accept in a loop) only queues it; the serve pass already running, or the next completion, picks it up.
 *
 * <p>"In flight" lasts until the completion is delivered, not until the driver records it: a driver may record an
 * outcome inside submit and deliver it at its next poll, and the request must not be prepared again in between.
 *
 * <p>Used as a field around a serve pass ({@link #InFlightGate(Runnable)}), or as the base class of a side that is
 * its own serve pass ({@link #serve()} overridden): a connection's two sides hold no gate object and no method
 * references for it, which an idle connection would otherwise keep for its lifetime. Not thread safe: loop only.
 */
class InFlightGate {
    private final Runnable serve;
    private boolean inFlight;
    private boolean serving;

    InFlightGate(Runnable serve) {
        if (serve == null) {
            throw new NullPointerException("serve");
        }
        this.serve = serve;
    }

    /** For a subclass that overrides {@link #serve()} (and {@link #handleCompletion()} if it calls complete()). */
    InFlightGate() {
        this.serve = null;
    }

    /** One serve pass: submits the next request if there is work. */
    void serve() {
        serve.run();
    }

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
