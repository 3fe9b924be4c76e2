package io.polyloop.spi;

import java.io.IOException;

/**
 * Optional capability of an {@link IoDriver}: moving one live handle from a running driver to another running driver
 * of the same backend, without stopping either (where {@link IoDriver#detach()} stops the whole driver). The runtime
 * uses it to hand an accepted connection from the loop that accepted it to another loop when the backend cannot
 * spread accepts with SO_REUSEPORT. A driver without it keeps each handle on the loop that opened it.
 *
 * <p>A driver implementing this also accepts {@link IoDriver#adopt} while it runs and holds handles of its own: the
 * adopted handles join them.
 *
 * <p>Called on the loop thread of the driver, like every driver method but {@link IoDriver#wakeup()}.
 */
public interface HandleTransfer {

    /**
     * Takes {@code handle} out of this driver: it leaves the driver's registrations (an epoll set, a handle table),
     * its descriptor stays open, and its requests that did not start travel in the result, in submission order,
     * with input received ahead of them ({@link DetachedHandle#carried()}). Give the result to
     * {@link IoDriver#adopt} of a driver of the same backend on the target loop.
     *
     * <p>Nothing of the handle may be in the kernel: a completion backend refuses a handle with an operation in
     * flight (cancel it and wait for its completion first), so that memory the kernel writes into is never handed
     * over. A request of the handle that completed before the call is still delivered by this driver's poll.
     *
     * @throws IOException if the handle is not open in this driver (EBADF), or if an operation of it is in the
     *                     kernel or on a blocking pool (the handle then stays here, untouched)
     */
    DetachedHandle release(IoHandle handle) throws IOException;
}
