package io.polyloop.iocp.emulation;

/**
 * What a socket and a file have in common in the emulated kernel: the handle value, the completion port the handle
 * is associated with, and the notification modes. Guarded by the kernel's lock.
 */
abstract class EmuObject {
    final long handle;
    EmuPort port;
    long key;
    /** FILE_SKIP_COMPLETION_PORT_ON_SUCCESS. */
    boolean skipOnSuccess;

    EmuObject(long handle) {
        this.handle = handle;
    }
}
