package io.polyloop.kqueue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link KqueueSyscalls} of macOS or FreeBSD, emulated over Linux: the POSIX calls by {@link BsdOverLinux}, kqueue(2)
 * and kevent(2) by {@link EmulatedKqueue}. Counts kevent calls and the changes they carry, so tests can check that
 * registrations are batched into the waiting call. Thread safe.
 */
final class KqueueEmulation extends BsdOverLinux implements KqueueSyscalls {
    final KeventAbi abi;
    private final Map<Integer, EmulatedKqueue> kqueues = new ConcurrentHashMap<>();
    private final AtomicInteger keventCalls = new AtomicInteger();
    private final AtomicInteger changesSeen = new AtomicInteger();
    private volatile int refusedFd = -1;
    private volatile int refusedErrno;
    private volatile int undeletableFd = -1;
    private volatile int deleteErrno;

    KqueueEmulation(KeventAbi abi) {
        super(abi.posix);
        this.abi = abi;
    }

    @Override
    public int kqueue() {
        EmulatedKqueue kq = new EmulatedKqueue(this, abi);
        kqueues.put(kq.fd, kq);
        return kq.fd;
    }

    @Override
    public int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        keventCalls.incrementAndGet();
        changesSeen.addAndGet(nchanges);
        EmulatedKqueue q = kqueues.get(kq);
        if (q == null) {
            return failWith(bsd.EBADF);
        }
        return q.kevent(changelist, nchanges, eventlist, nevents, timeout);
    }

    /** close(2): a kqueue goes away with its knotes; any other descriptor leaves every kqueue's knotes. */
    @Override
    public int close(int fd) {
        EmulatedKqueue q = kqueues.remove(fd);
        if (q != null) {
            q.destroy();
        } else {
            for (EmulatedKqueue k : kqueues.values()) {
                k.forget(fd);
            }
        }
        return super.close(fd);
    }

    /** Failure injection: EV_ADD of {@code fd} fails with {@code canonicalErrno} (in the BSD's numbering). */
    void refuseRegistrations(int fd, int canonicalErrno) {
        refusedErrno = bsd.nativeErrno(canonicalErrno);
        refusedFd = fd;
    }

    /** @return the BSD errno with which registrations of {@code fd} are refused, or 0 */
    int refusal(long fd) {
        return fd == refusedFd ? refusedErrno : 0;
    }

    /** Failure injection: EV_DELETE of an existing knote of {@code fd} fails with {@code canonicalErrno}. */
    void refuseDeletes(int fd, int canonicalErrno) {
        deleteErrno = bsd.nativeErrno(canonicalErrno);
        undeletableFd = fd;
    }

    /** @return the BSD errno with which EV_DELETE of {@code fd} is refused, or 0 */
    int deleteRefusal(long fd) {
        return fd == undeletableFd ? deleteErrno : 0;
    }

    /** @return how many knotes kqueue {@code kq} holds for descriptor {@code fd} */
    int knotes(int kq, int fd) {
        return kqueues.get(kq).knotesOf(fd);
    }

    int keventCalls() {
        return keventCalls.get();
    }

    int changesSeen() {
        return changesSeen.get();
    }

    int openKqueues() {
        return kqueues.size();
    }
}
