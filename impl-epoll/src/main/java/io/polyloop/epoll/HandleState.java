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
    static final byte INQ_UNKNOWN = 0;
    static final byte INQ_ON = 1;
    static final byte INQ_REFUSED = -1;

    final EpollDriver owner;
    /**
     * Names this membership of the epoll set (the high half of its events' data): completions are delivered between
     * the events of one harvest, so a handler may close an fd and a new handle take its number before a later event
     * of the old one is read; that event's tag then differs and it is dropped.
     */
    final int tag;
    /** Input the previous driver had received and not delivered (a hot swap from io_uring): served first. */
    CarriedInput carried;
    /** The peer's FIN (RDHUP), a hang-up or an error was reported: reads go on until recv(2) says so itself. */
    boolean inputEnded;
    /** The last recv of this stream filled its buffer: the next one asks how much is left (TCP_INQ, SocketQueues). */
    boolean lastReadFull;
    /** TCP_INQ on this stream: {@link #INQ_UNKNOWN} not tried yet, {@link #INQ_ON}, or {@link #INQ_REFUSED}. */
    byte inq;
    /** Whether the fd is in the epoll set (sockets only). */
    boolean registered;

    HandleState(EpollDriver owner, IoHandle handle, int tag) {
        super(handle);
        this.owner = owner;
        this.tag = tag;
    }
}
