package io.polyloop.iouring;

import io.polyloop.spi.DriverOptions;

/**
 * Whether a driver feeds ACCEPTs and RECVs from multishot ops, and the size of its provided-buffer ring. Multishot
 * is used where the kernel has it ({@link Capabilities#multishotAccept()}, {@link Capabilities#multishotRecv()})
 * unless {@value IoUringBackendProvider#MULTISHOT}=false forces single-shot ops. Immutable.
 *
 * @param accept      multishot ACCEPT on listeners
 * @param recv        multishot RECV on TCP streams, from a buffer ring of {@code bufferCount} x {@code bufferSize}
 * @param bufferCount a power of two
 * @param bufferSize  bytes per buffer
 */
record MultishotConfig(boolean accept, boolean recv, int bufferCount, int bufferSize) {
    /** 64 x 16 KiB = 1 MiB per driver: buffers go back to the ring as soon as a CQE is reaped. */
    static final int BUFFER_COUNT = 64;
    static final int BUFFER_SIZE = 16 * 1024;

    static MultishotConfig of(Capabilities caps, DriverOptions options) {
        boolean on = options.booleanProperty(IoUringBackendProvider.MULTISHOT, true);
        return new MultishotConfig(on && caps.multishotAccept(), on && caps.multishotRecv(), BUFFER_COUNT,
                BUFFER_SIZE);
    }
}
