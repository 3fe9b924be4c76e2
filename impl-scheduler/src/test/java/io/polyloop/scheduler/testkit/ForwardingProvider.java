package io.polyloop.scheduler.testkit;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;

/**
 * A real backend under its own name, rank and probe whose drivers a test provider alters: it overrides
 * {@link #wrap} (usually with a {@link ForwardingDriver}) and nothing else.
 */
public abstract class ForwardingProvider implements IoBackendProvider {
    private final IoBackendProvider delegate;

    protected ForwardingProvider(IoBackendProvider delegate) {
        this.delegate = delegate;
    }

    /** @return the driver the runtime gets for {@code real}, a driver the real backend just opened */
    protected abstract IoDriver wrap(IoDriver real);

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
    public final IoDriver open(DriverOptions options) throws IOException {
        return wrap(delegate.open(options));
    }
}
