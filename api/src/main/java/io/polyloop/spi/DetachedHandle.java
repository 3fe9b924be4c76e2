package io.polyloop.spi;

import java.util.List;

/**
 * A live handle taken out of a driver by {@link IoDriver#detach()}, with the requests that were submitted on it and
 * had not completed, in submission order, and the input the driver had already received on it and not delivered
 * ({@link CarriedInput}, or null). {@link IoDriver#adopt} on another driver serves the carried input first and
 * resumes the requests in that order, so a byte stream is neither reordered nor truncated by a swap.
 */
public record DetachedHandle(IoHandle handle, List<IoRequest> pending, CarriedInput carried) {
    public DetachedHandle {
        pending = List.copyOf(pending);
        if (carried != null && carried.isEmpty()) {
            carried = null;
        }
    }

    /** A handle with nothing received ahead of its requests. */
    public DetachedHandle(IoHandle handle, List<IoRequest> pending) {
        this(handle, pending, null);
    }
}
