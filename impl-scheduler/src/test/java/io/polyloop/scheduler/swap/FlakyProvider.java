package io.polyloop.scheduler.swap;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A real backend under another name whose chosen open fails, as when a loop runs out of fds or locked memory. */
final class FlakyProvider implements IoBackendProvider {
    final AtomicInteger opens = new AtomicInteger();
    private final String name;
    private final IoBackendProvider delegate;
    private volatile int failingOpen;

    /** @param failingOpen the 1-based open that fails; 0 for none */
    FlakyProvider(String name, IoBackendProvider delegate, int failingOpen) {
        this.name = name;
        this.delegate = delegate;
        this.failingOpen = failingOpen;
    }

    void heal() {
        failingOpen = 0;
    }

    @Override
    public String name() {
        return name;
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
        if (opens.incrementAndGet() == failingOpen) {
            throw new IOException("open #" + failingOpen + " of " + name + " refused by the test");
        }
        return delegate.open(options);
    }
}
