package io.polyloop.iouring;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;

/** io_uring drivers with a chosen multishot configuration (a tiny buffer ring, multishot off...). */
final class MultishotProvider implements IoBackendProvider {
    static final IoUringBackendProvider REAL = new IoUringBackendProvider();
    private final MultishotConfig config;

    MultishotProvider(MultishotConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return IoUringBackendProvider.NAME;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability probe() {
        return REAL.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        return IoUringDriver.open(REAL.capabilities(), options, config);
    }
}
