package io.polyloop.scheduler.loop;

import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.ThreadAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of an event loop. Its type is how blocking waits recognise that they would block a loop; a thread
 * that drives a caller-driven loop ({@link EventLoop#drive}) is marked for the time it does.
 */
public final class LoopThread extends Thread {
    /** The loop a non-loop thread is driving right now (caller-driven mode), else null. */
    private static final ThreadLocal<EventLoop> DRIVING = new ThreadLocal<>();

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
        return currentLoop() != null;
    }

    /** @return the loop the calling thread runs, or null */
    public static EventLoop currentLoop() {
        Thread t = Thread.currentThread();
        return t instanceof LoopThread ? ((LoopThread) t).loop : DRIVING.get();
    }

    static void beginDriving(EventLoop loop) {
        DRIVING.set(loop);
    }

    static void endDriving() {
        DRIVING.remove();
    }

    /**
     * The calling loop thread, at start: pins itself to {@code cpu} through the backend's {@link ThreadAffinity};
     * a refusal is reported, not fatal.
     */
    static void pin(IoBackendProvider p, String loop, int cpu) {
        String why;
        try {
            why = p instanceof ThreadAffinity ? ((ThreadAffinity) p).pinCurrentThread(cpu)
                    : "the " + p.name() + " backend cannot pin threads";
        } catch (RuntimeException | LinkageError e) {
            why = e.toString();
        }
        Logger log = LoggerFactory.getLogger(EventLoop.class); // once per loop: kept off the class's init
        if (why == null) {
            log.debug("{}: pinned to CPU {}", loop, cpu);
        } else {
            log.warn("{}: affinity=sequential asked for CPU {} but it was not applied ({}); the loop runs unpinned",
                    loop, cpu, why);
        }
    }
}
