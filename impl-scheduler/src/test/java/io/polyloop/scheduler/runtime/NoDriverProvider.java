package io.polyloop.scheduler.runtime;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider for tests that do no I/O: proves the loop never opens a driver it does not need. */
final class NoDriverProvider implements IoBackendProvider {
    final AtomicInteger opens = new AtomicInteger();

    @Override
    public String name() {
        return "test-none";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.available();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        opens.incrementAndGet();
        throw new IOException("the test provider opens no drivers");
    }
}
