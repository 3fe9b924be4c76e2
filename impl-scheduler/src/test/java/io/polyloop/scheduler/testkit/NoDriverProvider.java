package io.polyloop.scheduler.testkit;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider for tests that do no I/O: proves the loop never opens a driver it does not need. */
public final class NoDriverProvider implements IoBackendProvider {
    /** How many times a loop tried to open a driver. */
    public final AtomicInteger opens = new AtomicInteger();

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
