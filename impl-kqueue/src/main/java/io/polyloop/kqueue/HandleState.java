package io.polyloop.kqueue;

import io.polyloop.posix.readiness.ReadinessState;
import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.IoHandle;

/**
 * What a {@link KqueueDriver} keeps per handle (in {@link IoHandle#driverState()}): the shared readiness state (the
 * bits the EV_CLEAR events set, the pending requests per direction, the file operation on the blocking pool) plus a
 * registration the kernel refused and the input a previous driver had received on it but not delivered. Not thread
 * safe: loop thread only.
 */
final class HandleState extends ReadinessState {
    final KqueueDriver owner;
    /**
     * 0, or the negative SPI code with which the kernel refused this socket's registration (an EV_ERROR event): no
     * readiness will ever be reported, so every request on it completes with that code instead of waiting forever.
     */
    int failure;
    /** Served to reads before the socket is read again ({@link io.polyloop.posix.readiness.CarriedReads}); or null. */
    CarriedInput carried;

    HandleState(KqueueDriver owner, IoHandle handle) {
        super(handle);
        this.owner = owner;
    }
}
