package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An emulated file HANDLE opened with FILE_FLAG_OVERLAPPED over a Linux file. ReadFile/WriteFile run on the kernel's
 * file worker and complete with a packet, or, every other call, at once: "Asynchronous disk I/O appears as
 * synchronous" (Microsoft support article KB156932) is the normal case for cached files, and the backend must take both.
 * Guarded by the kernel's lock, except the I/O itself.
 */
final class EmuFile extends EmuObject {
    final FileChannel channel;
    final boolean writable;
    /** Opened with FILE_APPEND_DATA but not FILE_WRITE_DATA: writes go to the end (File Access Rights page). */
    final boolean appendOnly;

    EmuFile(long handle, FileChannel channel, boolean writable, boolean appendOnly) {
        super(handle);
        this.channel = channel;
        this.writable = writable;
        this.appendOnly = appendOnly;
    }

    /** @return the bytes moved, or -1 at end of file (READ) */
    int perform(EmuOp op) throws IOException {
        ByteBuffer b = Mem.view(op.fileBuffer, op.fileLength);
        if (op.kind == EmuOp.Kind.READ) {
            int n = channel.read(b, op.offset);
            return n;
        }
        long at = op.append || appendOnly ? channel.size() : op.offset;
        int total = 0;
        while (b.hasRemaining()) {
            total += channel.write(b, at + total);
        }
        return total;
    }
}
