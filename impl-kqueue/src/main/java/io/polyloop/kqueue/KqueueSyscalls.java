package io.polyloop.kqueue;

import io.polyloop.posix.PosixSyscalls;

/**
 * Every native call of the kqueue backend: the POSIX socket and file calls plus kqueue(2) and kevent(2), in the
 * numbering and struct layouts of one BSD ({@link KeventAbi#posix}). The driver reaches the OS only through this
 * interface, so that its production implementation ({@link NativeKqueueSyscalls}: JNA direct mapping) can be replaced
 * in tests by an emulation of macOS or FreeBSD over Linux. Implementations are thread safe: {@link #kevent} is also
 * called by other threads to wake the loop.
 */
interface KqueueSyscalls extends PosixSyscalls {

    /** @return a new kqueue descriptor, or -1 with errno set */
    int kqueue();

    /**
     * kevent(2): applies {@code nchanges} changes, then waits for up to {@code nevents} events.
     *
     * @param timeout address of a {@code struct timespec}, or 0 to wait without limit
     * @return the number of events placed in {@code eventlist}, or -1 with errno set
     */
    int kevent(int kq, long changelist, int nchanges, long eventlist, int nevents, long timeout);
}
