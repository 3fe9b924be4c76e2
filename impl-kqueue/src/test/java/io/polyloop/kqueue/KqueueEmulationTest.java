package io.polyloop.kqueue;

import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulation against kevent(2) itself (FreeBSD's manual page, which macOS's matches for these flags), on raw
 * struct kevent lists, so that the backend's tests stand on documented semantics. An eventfd stands for a socket:
 * readable while its counter is not zero.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
@Timeout(20)
class KqueueEmulationTest {
    private static final KeventAbi ABI = KeventAbi.FREEBSD;
    private final KqueueEmulation os = new KqueueEmulation(ABI);
    private final NativeMemory changes = NativeMemory.allocate(4 * ABI.size);
    private final NativeMemory events = NativeMemory.allocate(4 * ABI.size);
    private final NativeMemory zero = NativeMemory.allocate(Kevent.TIMESPEC_SIZE);
    private final int kq = os.kqueue();
    private final int efd = LibC.eventfd(1, LinuxConstants.EFD_NONBLOCK);

    @AfterEach
    void close() {
        os.close(kq);
        LibC.close(efd);
        changes.free();
        events.free();
        zero.free();
    }

    private int change(int i, long ident, short filter, int flags, int fflags) {
        Kevent.set(changes.buffer(), ABI, i, ident, filter, (short) flags, fflags);
        return i + 1;
    }

    private int kevent(int nchanges, int nevents) {
        return os.kevent(kq, changes.address(), nchanges, events.address(), nevents, zero.address());
    }

    @Test
    void changesApplyBeforeTheWaitAndLevelTriggeredRepeats() {
        int n = change(0, efd, Kevent.EVFILT_READ, Kevent.EV_ADD, 0);
        assertEquals(1, kevent(n, 4), "added and reported in the same call");
        assertEquals(efd, Kevent.ident(events.buffer(), ABI, 0));
        assertEquals(Kevent.EVFILT_READ, Kevent.filter(events.buffer(), ABI, 0));
        assertEquals(1, kevent(0, 4), "no EV_CLEAR: reported while readable");
    }

    @Test
    void evClearReportsAStateChangeOnce() {
        assertEquals(1, kevent(change(0, efd, Kevent.EVFILT_READ, Kevent.EV_ADD | Kevent.EV_CLEAR, 0), 4));
        assertEquals(0, kevent(0, 4), "EV_CLEAR: state reset once retrieved");
        LibC.eventfd_write(efd, 1);
        assertEquals(1, kevent(0, 4), "a new state change is reported again");
    }

    @Test
    void evOneshotFiresOnceAndDeletesTheKnote() {
        assertEquals(1, kevent(change(0, efd, Kevent.EVFILT_READ, Kevent.EV_ADD | Kevent.EV_ONESHOT, 0), 4));
        LibC.eventfd_write(efd, 1);
        assertEquals(0, kevent(0, 4));
        assertEquals(1, kevent(change(0, efd, Kevent.EVFILT_READ, Kevent.EV_DELETE, 0), 4), "EV_DELETE fails");
        assertEquals(Kevent.EV_ERROR, Kevent.flags(events.buffer(), ABI, 0));
        assertEquals(ABI.posix.nativeErrno(io.polyloop.spi.Errno.ENOENT), Kevent.data(events.buffer(), ABI, 0));
    }

    /** RETURN VALUES: an error goes to the event list if there is room, and the call then does not scan. */
    @Test
    void aFailedChangeIsAnEvErrorEntryAndNothingElseIsCollected() {
        int n = change(0, efd, Kevent.EVFILT_READ, Kevent.EV_ADD, 0);
        n = change(n, 99_999, Kevent.EVFILT_READ, Kevent.EV_ADD, 0); // no such descriptor
        assertEquals(1, kevent(n, 4), "only the error, although efd is readable");
        assertEquals(99_999, Kevent.ident(events.buffer(), ABI, 0));
        assertEquals(Kevent.EV_ERROR, Kevent.flags(events.buffer(), ABI, 0) & Kevent.EV_ERROR);
        assertEquals(ABI.posix.EBADF, Kevent.data(events.buffer(), ABI, 0));
        assertEquals(1, kevent(0, 4), "the next call collects the event");
    }

    /** ... and with no room, kevent fails with the errno and the changes after the failed one are not applied. */
    @Test
    void withoutRoomAFailedChangeFailsTheCallAndStopsThere() {
        int n = change(0, 99_999, Kevent.EVFILT_READ, Kevent.EV_ADD, 0);
        n = change(n, efd, Kevent.EVFILT_READ, Kevent.EV_ADD, 0);
        assertEquals(-1, kevent(n, 0));
        assertEquals(ABI.posix.EBADF, os.errno());
        assertEquals(0, kevent(0, 4), "efd was never registered");
    }

    @Test
    void evReceiptAnswersEveryChangeAndDrainsNoEvent() {
        assertEquals(1, kevent(change(0, efd, Kevent.EVFILT_READ, Kevent.EV_ADD | Kevent.EV_CLEAR
                | Kevent.EV_RECEIPT, 0), 4));
        assertEquals(Kevent.EV_ERROR, Kevent.flags(events.buffer(), ABI, 0) & Kevent.EV_ERROR);
        assertEquals(0, Kevent.data(events.buffer(), ABI, 0), "data 0: success");
        assertEquals(1, kevent(0, 4), "the readiness was not consumed by the receipt");
    }

    @Test
    void closeRemovesTheKnotes() {
        int other = LibC.eventfd(1, LinuxConstants.EFD_NONBLOCK);
        assertEquals(1, kevent(change(0, other, Kevent.EVFILT_READ, Kevent.EV_ADD, 0), 4));
        os.close(other);
        assertEquals(0, kevent(0, 4));
    }

    @Test
    void evfiltUserTriggeredFromAnotherThreadWakesAWait() throws Exception {
        assertEquals(0, kevent(change(0, 7, ABI.evfiltUser, Kevent.EV_ADD | Kevent.EV_CLEAR, 0), 4));
        NativeMemory trigger = NativeMemory.allocate(ABI.size);
        Kevent.set(trigger.buffer(), ABI, 0, 7, ABI.evfiltUser, (short) 0, Kevent.NOTE_TRIGGER);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            os.kevent(kq, trigger.address(), 1, 0, 0, 0);
        });
        t.start();
        long t0 = System.nanoTime();
        assertEquals(1, os.kevent(kq, 0, 0, events.address(), 4, 0), "NULL timeout: waits for the trigger");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertEquals(ABI.evfiltUser, Kevent.filter(events.buffer(), ABI, 0));
        t.join();
        trigger.free();
        assertEquals(0, kevent(0, 4), "EV_CLEAR: reset once retrieved");
        assertEquals(1, kevent(change(0, 8, ABI.evfiltUser, Kevent.EV_ADD, Kevent.NOTE_TRIGGER), 4));
        assertEquals(2, kevent(0, 4) + kevent(0, 4), "without EV_CLEAR it stays fired");
    }
}
