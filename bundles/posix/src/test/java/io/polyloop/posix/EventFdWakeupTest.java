package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock-free wake-up shared by the epoll and io_uring drivers: one eventfd write per wait, and never a write once close() has begun. */
@Timeout(60)
class EventFdWakeupTest {
    private static final int THREADS = 4;

    /** @return the eventfd counter (and resets it), or 0 if no write happened (EAGAIN) */
    private static long take(int fd, NativeMemory word) {
        word.buffer().putLong(0, 0);
        LibC.eventfd_read(fd, word.address());
        return word.buffer().getLong(0);
    }

    @Test
    void aBurstOfWakeUpsFromManyThreadsWritesOncePerWait() throws Exception {
        EventFdWakeup w = EventFdWakeup.open();
        NativeMemory word = NativeMemory.allocate(8);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Thread[] wakers = new Thread[THREADS];
                for (int t = 0; t < THREADS; t++) {
                    wakers[t] = new Thread(() -> {
                        await(go);
                        for (int i = 0; i < 1000; i++) {
                            w.wakeup();
                        }
                    });
                    wakers[t].start();
                }
                go.countDown();
                for (Thread t : wakers) {
                    t.join();
                }
                assertEquals(1, take(w.fd(), word), "round " + round + ": one write for the whole burst");
                assertEquals(0, take(w.fd(), word), "nothing more until rearm");
                w.rearm();
                w.wakeup();
                assertEquals(1, take(w.fd(), word), "rearmed: the next wake-up writes again");
                w.rearm();
            }
        } finally {
            w.close();
            word.free();
        }
    }

    @Test
    void closeWaitsForAWriteInFlightAndLaterWakeUpsWriteNothing() throws Exception {
        NativeMemory word = NativeMemory.allocate(8);
        try {
            for (int round = 0; round < 50; round++) {
                EventFdWakeup w = EventFdWakeup.open();
                int oldFd = w.fd();
                AtomicBoolean stop = new AtomicBoolean();
                Thread[] wakers = new Thread[THREADS];
                for (int t = 0; t < THREADS; t++) {
                    wakers[t] = new Thread(() -> {
                        while (!stop.get()) {
                            w.wakeup();
                        }
                    });
                    wakers[t].start();
                }
                for (int i = 0; i < 200; i++) {
                    w.rearm(); // the loop's side: every rearm lets one waker write again
                }
                w.close();
                // The number is free now: the next descriptor usually gets it. A waker still writing to the old
                // number would land here.
                int reused = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
                try {
                    for (int i = 0; i < 1000; i++) {
                        w.wakeup();
                    }
                    stop.set(true);
                    for (Thread t : wakers) {
                        t.join();
                    }
                    if (reused == oldFd) {
                        assertEquals(0, take(reused, word), "round " + round + ": a wake-up wrote after close");
                    }
                    assertTrue(reused >= 0);
                } finally {
                    LibC.close(reused);
                }
            }
        } finally {
            word.free();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
