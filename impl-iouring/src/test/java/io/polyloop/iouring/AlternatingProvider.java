package io.polyloop.iouring;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;

/** Opens drivers of two backends in turn, so that each {@code LoopHarness.swapDriver()} crosses backends. */
final class AlternatingProvider implements IoBackendProvider {
    private final IoBackendProvider first;
    private final IoBackendProvider second;
    private int opened;

    AlternatingProvider(IoBackendProvider first, IoBackendProvider second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability probe() {
        return !first.probe().isAvailable() ? first.probe() : second.probe();
    }

    @Override
    public synchronized IoDriver open(DriverOptions options) throws IOException {
        return (opened++ % 2 == 0 ? first : second).open(options);
    }
}
