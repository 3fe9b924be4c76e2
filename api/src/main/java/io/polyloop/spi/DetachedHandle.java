package io.polyloop.spi;

import java.util.List;

/**
 * A live handle taken out of a driver by {@link IoDriver#detach()}, with the requests that were submitted on it and
 * had not completed, in submission order. {@link IoDriver#adopt} on another driver resumes them in that order, so a
 * byte stream is neither reordered nor truncated by a swap.
 */
public record DetachedHandle(IoHandle handle, List<IoRequest> pending) {
    public DetachedHandle {
        pending = List.copyOf(pending);
    }
}
