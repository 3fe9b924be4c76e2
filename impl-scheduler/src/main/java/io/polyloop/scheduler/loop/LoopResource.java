package io.polyloop.scheduler.loop;

/** Something a loop owns and must close when it shuts down (a listener, a connection). Loop thread only. */
public interface LoopResource {
    /** Starts closing; the loop keeps polling until the close completes. */
    void closeOnShutdown();
}
