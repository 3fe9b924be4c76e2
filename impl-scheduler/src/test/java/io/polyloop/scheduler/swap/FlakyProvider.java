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
    private volatile int[] failingOpens;

    /** @param failingOpens the 1-based opens that fail; 0 or none for none */
    FlakyProvider(String name, IoBackendProvider delegate, int... failingOpens) {
        this.name = name;
        this.delegate = delegate;
        this.failingOpens = failingOpens.clone();
    }

    void heal() {
        failingOpens = new int[0];
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
        int open = opens.incrementAndGet();
        for (int failing : failingOpens) {
            if (open == failing) {
                throw new IOException("open #" + open + " of " + name + " refused by the test");
            }
        }
        return delegate.open(options);
    }
}
