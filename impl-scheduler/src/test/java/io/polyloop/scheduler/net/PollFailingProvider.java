package io.polyloop.scheduler.net;

import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.scheduler.testkit.ForwardingProvider;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real backend whose next poll, once {@link #failNextPoll() armed}, throws: the loop that polls fails and stops. */
final class PollFailingProvider extends ForwardingProvider {
    private final AtomicBoolean armed = new AtomicBoolean();

    PollFailingProvider(IoBackendProvider delegate) {
        super(delegate);
    }

    /** The next poll of any of its drivers throws an IOException. */
    void failNextPoll() {
        armed.set(true);
    }

    @Override
    protected IoDriver wrap(IoDriver real) {
        return new ForwardingDriver(real) {
            @Override
            public int poll(CompletionSink sink, long timeoutNanos) throws IOException {
                if (armed.compareAndSet(true, false)) {
                    throw new IOException("poll failure injected by the test");
                }
                return super.poll(sink, timeoutNanos);
            }
        };
    }
}
