package io.polyloop.kqueue;

import io.polyloop.posix.Errors;
import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a blocked kevent through an EVFILT_USER event: registered once with EV_ADD|EV_CLEAR (so that retrieving it
 * resets it, kevent(2) EV_CLEAR), fired from any thread by a one-entry change list with NOTE_TRIGGER ("NOTE_TRIGGER
 * causes the event to be triggered for output", kevent(2) EVFILT_USER). No descriptor of its own, unlike epoll's
 * eventfd. The trigger list is written once at open and only read afterwards, so any number of threads may pass it
 * to the kernel at once. A flag coalesces wake-ups: at most one kevent call per loop turn however many threads call
 * {@link #wakeup()}. {@link #wakeup()} is thread safe; the rest belongs to the loop thread.
 */
final class Wakeup {
    /** The EVFILT_USER ident; idents of different filters never collide (a knote is keyed by ident and filter). */
    static final int IDENT = 0;

    private final Object lock = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final KqueueSyscalls sys;
    private final NativeMemory trigger;
    private final NativeMemory zero = NativeMemory.allocate(Kevent.TIMESPEC_SIZE);
    private int kq;

    private Wakeup(KqueueSyscalls sys, KeventAbi abi, int kq) {
        this.sys = sys;
        this.kq = kq;
        this.trigger = NativeMemory.allocate(abi.size);
        Kevent.set(trigger.buffer(), abi, 0, IDENT, abi.evfiltUser, (short) 0, Kevent.NOTE_TRIGGER);
    }

    /** Registers the user event at once (not batched): a wakeup() before the first poll must find it. */
    static Wakeup open(KqueueSyscalls sys, KeventAbi abi, int kq) throws IOException {
        Wakeup w = new Wakeup(sys, abi, kq);
        NativeMemory add = NativeMemory.allocate(abi.size);
        try {
            Kevent.set(add.buffer(), abi, 0, IDENT, abi.evfiltUser, (short) (Kevent.EV_ADD | Kevent.EV_CLEAR), 0);
            if (sys.kevent(kq, add.address(), 1, 0, 0, w.zero.address()) < 0) {
                IOException e = Errors.exception(abi.posix, sys.errno(), "kevent EV_ADD EVFILT_USER");
                w.trigger.free();
                w.zero.free();
                throw e;
            }
        } finally {
            add.free();
        }
        return w;
    }

    /** Any thread. */
    void wakeup() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            // The lock is taken by at most one waker per loop turn (the flag coalesces); it keeps close() from
            // closing the kqueue under a trigger, after which the descriptor number could belong to someone else.
            synchronized (lock) {
                if (kq >= 0) {
                    // nevents 0 and a zero timeout: apply the trigger and return, never wait
                    sys.kevent(kq, trigger.address(), 1, 0, 0, zero.address());
                }
            }
        }
    }

    /** Loop thread, after the wait: a wakeup() from now on triggers again and makes the next wait return. */
    void rearm() {
        pending.set(false);
    }

    /** Loop thread, before the kqueue is closed. */
    void close() {
        synchronized (lock) {
            kq = -1;
        }
        trigger.free();
        zero.free();
    }
}
