package io.polyloop.posix.readiness;

import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;

/**
 * Serves a read-side request from the {@link CarriedInput} a previous driver handed over with the handle, before the
 * descriptor is read again: an ACCEPT takes the next carried connection, a RECV (or RECV_SELECT) the carried bytes, and once the bytes
 * are gone any read gets the carried error. So a swap from a driver that reads ahead (io_uring's multishot RECV and
 * ACCEPT) neither drops nor reorders input. Stateless; the caller keeps the carried input and drops it when
 * {@link CarriedInput#isEmpty()}.
 */
public final class CarriedReads {
    /** {@link #serve}'s answer when the carried input holds nothing for the request: perform the syscall. */
    public static final int NOT_SERVED = Integer.MIN_VALUE;

    private CarriedReads() {
    }

    /**
     * Completes nothing itself: sets the request's accepted handle and peer for an ACCEPT, copies bytes into a RECV's
     * buffer from its position on (leaving the position alone, as a driver completes a RECV).
     *
     * @return the request's result (0 for an ACCEPT, bytes copied for a RECV, the negative errno carried after the
     *     bytes), or {@link #NOT_SERVED}
     */
    public static int serve(CarriedInput carried, IoRequest r) {
        if (r.op() == IoRequest.Op.ACCEPT) {
            CarriedInput.Accepted a = carried.pollAccepted();
            if (a == null) {
                return NOT_SERVED;
            }
            r.accepted(a.connection());
            r.address(a.peer());
            return 0;
        }
        if (r.op() == IoRequest.Op.RECV && carried.hasBytes()) {
            return carried.copyTo(r.buffer());
        }
        if (r.op() == IoRequest.Op.RECV_SELECT && carried.hasBytes()) {
            ByteBuffer into = r.receiveBuffer(); // bytes are there: the buffer is taken now
            return into != null ? carried.copyTo(into) : -Errno.ENOBUFS; // no memory: the bytes stay carried
        }
        if (!carried.hasBytes() && carried.error() != 0) {
            return carried.takeError(); // "bytes first, then the error"
        }
        return NOT_SERVED;
    }
}
