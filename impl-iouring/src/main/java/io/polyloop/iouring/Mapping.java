package io.polyloop.iouring;

import com.sun.jna.Pointer;
import io.polyloop.posix.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An mmap'd region (a ring shared with the kernel, or anonymous page-aligned memory for a provided-buffer ring) with
 * a native-order direct {@link ByteBuffer} over it. The view has no cleaner: {@link #unmap()} releases the memory and
 * drops the view, and nothing may touch the view afterwards (the JVM would crash). Not thread safe.
 */
final class Mapping {
    private long address;
    private final long size;
    private ByteBuffer view;

    private Mapping(long address, long size) {
        this.address = address;
        this.size = size;
        this.view = new Pointer(address).getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }

    /** Maps part of a ring: {@code offset} is one of IORING_OFF_SQ_RING, _CQ_RING, _SQES. */
    static Mapping ring(int ringFd, long size, long offset) throws IOException {
        long a = Sys.mmap(0, size, Sys.PROT_READ | Sys.PROT_WRITE, Sys.MAP_SHARED | Sys.MAP_POPULATE, ringFd, offset);
        if (a == Sys.MAP_FAILED) {
            throw Errors.exception("mmap io_uring region 0x" + Long.toHexString(offset) + " of " + size + " bytes");
        }
        return new Mapping(a, size);
    }

    /** Zeroed, page-aligned private memory (the kernel wants a provided-buffer ring page aligned). */
    static Mapping anonymous(long size) throws IOException {
        return anonymous(size, 0);
    }

    /** As {@link #anonymous(long)}, with every page faulted in now rather than on first use (MAP_POPULATE). */
    static Mapping anonymousPopulated(long size) throws IOException {
        return anonymous(size, Sys.MAP_POPULATE);
    }

    private static Mapping anonymous(long size, int moreFlags) throws IOException {
        long a = Sys.mmap(0, size, Sys.PROT_READ | Sys.PROT_WRITE, Sys.MAP_PRIVATE | Sys.MAP_ANONYMOUS | moreFlags,
                -1, 0);
        if (a == Sys.MAP_FAILED) {
            throw Errors.exception("mmap " + size + " anonymous bytes");
        }
        return new Mapping(a, size);
    }

    long address() {
        assert address != 0 : "unmapped";
        return address;
    }

    ByteBuffer buffer() {
        assert view != null : "unmapped";
        return view;
    }

    long size() {
        return size;
    }

    /** Idempotent. */
    void unmap() {
        if (address != 0) {
            view = null;
            Sys.munmap(address, size);
            address = 0;
        }
    }
}
