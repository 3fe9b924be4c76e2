package io.polyloop.scheduler.net;

import io.polyloop.spi.IoDriver;

import java.io.IOException;

/** A synchronous driver call a front-end object runs on its loop (an option, an address). */
@FunctionalInterface
public interface DriverCall<T> {
    T apply(IoDriver driver) throws IOException;
}
