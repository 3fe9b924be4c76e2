package io.polyloop.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A block of malloc'd memory with a native-order {@link ByteBuffer} view for plain reads and writes (absolute
 * get/put, no allocation). Freed explicitly by {@link #free()}, never by the GC: a driver frees its scratch memory
 * when it closes. After free, {@link #buffer()} and {@link #address()} must not be used (touching the view would
 * crash the JVM), which is why free drops the view. Not thread safe.
 */
public final class NativeMemory {
    private long address;
    private final int size;
    private ByteBuffer view;

    private NativeMemory(long address, int size) {
        this.address = address;
        this.size = size;
        this.view = new Pointer(address).getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }

    /** Allocates {@code size} zeroed bytes. */
    public static NativeMemory allocate(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        long a = Native.malloc(size);
        if (a == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        // one memset, not a Java loop: a cold JVM interprets a byte loop, which cost tens of ms per MiB at startup
        new Pointer(a).setMemory(0, size, (byte) 0);
        return new NativeMemory(a, size);
    }

    public long address() {
        assert address != 0 : "freed";
        return address;
    }

    /** @return the native-order view; absolute accessors only (its position is not meaningful) */
    public ByteBuffer buffer() {
        assert view != null : "freed";
        return view;
    }

    public int size() {
        return size;
    }

    public boolean isFreed() {
        return address == 0;
    }

    /** Idempotent. */
    public void free() {
        if (address != 0) {
            view = null;
            Native.free(address);
            address = 0;
        }
    }
}
