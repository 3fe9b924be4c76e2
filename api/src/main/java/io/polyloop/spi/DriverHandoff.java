package io.polyloop.spi;

import java.util.List;

/**
 * What {@link IoDriver#detach()} hands over: the live handles with their unfinished requests, and the requests that
 * completed while the driver stopped (completions that raced the cancel; data they carry is never dropped). The
 * caller gives {@link #handles()} to the next driver's {@link IoDriver#adopt} first and delivers {@link #completed()}
 * afterwards, so that callbacks which re-arm I/O reach the driver that holds the handles.
 */
public record DriverHandoff(List<DetachedHandle> handles, List<IoRequest> completed) {
    public DriverHandoff {
        handles = List.copyOf(handles);
        completed = List.copyOf(completed);
    }
}
