package io.polyloop.scheduler.loop;

/**
 * The thread of an event loop. Its type is how blocking waits recognise that they would block a loop.
 */
public final class LoopThread extends Thread {
    private final EventLoop loop;

    LoopThread(EventLoop loop, String name) {
        super(loop::run, name);
        this.loop = loop;
        setDaemon(false);
    }

    public EventLoop loop() {
        return loop;
    }

    /** @return true if the calling thread runs an event loop of any polyloop runtime */
    public static boolean isLoopThread() {
        return Thread.currentThread() instanceof LoopThread;
    }
}
