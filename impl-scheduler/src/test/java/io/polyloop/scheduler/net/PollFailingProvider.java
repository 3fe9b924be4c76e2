package io.polyloop.scheduler.net;

import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.spi.Availability;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real backend whose next poll, once {@link #failNextPoll() armed}, throws: the loop that polls fails and stops. */
final class PollFailingProvider implements IoBackendProvider {
    private final IoBackendProvider delegate;
    private final AtomicBoolean armed = new AtomicBoolean();

    PollFailingProvider(IoBackendProvider delegate) {
        this.delegate = delegate;
    }

    /** The next poll of any of its drivers throws an IOException. */
    void failNextPoll() {
        armed.set(true);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int rank() {
        return delegate.rank();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        return new ForwardingDriver(delegate.open(options)) {
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
