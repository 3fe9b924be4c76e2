package io.polyloop.epoll;

import io.polyloop.posix.readiness.ReadinessState;
import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.IoHandle;

/**
 * What an {@link EpollDriver} keeps per handle (in {@link IoHandle#driverState()}): the shared readiness state (the
 * edge-triggered readiness bits, the pending requests per direction, the file operation on the blocking pool) plus
 * the epoll membership and input carried over from a previous driver. Not thread safe: loop thread only.
 */
final class HandleState extends ReadinessState {
    final EpollDriver owner;
    /** Input the previous driver had received and not delivered (a hot swap from io_uring): served first. */
    CarriedInput carried;
    /** The peer's FIN (RDHUP), a hang-up or an error was reported: reads go on until recv(2) says so itself. */
    boolean inputEnded;
    /** Whether the fd is in the epoll set (sockets only). */
    boolean registered;

    HandleState(EpollDriver owner, IoHandle handle) {
        super(handle);
        this.owner = owner;
    }
}
