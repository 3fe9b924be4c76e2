package io.polyloop.spi;

import java.io.IOException;

/**
 * A native backend. Registered as an OSGi service by the backend's bundle and listed in
 * {@code META-INF/services/io.polyloop.spi.IoBackendProvider} for plain Java. Thread safe.
 */
public interface IoBackendProvider {

    /** @return the name used by the {@code backend} setting: {@code epoll}, {@code io_uring}, {@code kqueue}, {@code iocp} */
    String name();

    /** @return preference under {@code backend=auto}: the available provider with the highest rank wins */
    int rank();

    /**
     * Checks whether this backend can run on this machine. Cheap after the first call (implementations cache the
     * result); never throws.
     */
    Availability probe();

    /**
     * Opens a driver for one event loop. Called on the loop thread that will own the driver.
     *
     * @throws IOException if the native resources cannot be created (the message says which and why)
     * @throws IllegalStateException if {@link #probe()} reports this backend unavailable
     */
    IoDriver open(DriverOptions options) throws IOException;
}
