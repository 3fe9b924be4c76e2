package io.polyloop.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * The native address of a direct {@link ByteBuffer} without allocating: reads the private {@code Buffer.address}
 * field through {@code sun.misc.Unsafe} (as Netty does). Without Unsafe (a JVM that hides it, or an OSGi framework
 * that does not export {@code sun.misc}, which the bundle imports optionally) it falls back to
 * {@link Native#getDirectBufferPointer}, which allocates a {@link Pointer} per call. Thread safe.
 */
public final class DirectBuffers {
    private static final sun.misc.Unsafe UNSAFE;
    private static final long ADDRESS_OFFSET;

    static {
        sun.misc.Unsafe unsafe = null;
        long offset = -1;
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = (sun.misc.Unsafe) f.get(null);
            // objectFieldOffset needs the Field only, not access to it: no --add-opens required.
            offset = unsafe.objectFieldOffset(Buffer.class.getDeclaredField("address"));
            ByteBuffer probe = ByteBuffer.allocateDirect(1);
            if (unsafe.getLong(probe, offset) != Pointer.nativeValue(Native.getDirectBufferPointer(probe))) {
                offset = -1;
            }
        } catch (Throwable t) {
            // NoClassDefFoundError when sun.misc is not wired, or a JVM without the field: use the fallback
            unsafe = null;
            offset = -1;
        }
        UNSAFE = offset >= 0 ? unsafe : null;
        ADDRESS_OFFSET = offset;
    }

    private DirectBuffers() {
    }

    /** @return true when addresses are read without allocation */
    public static boolean isAllocationFree() {
        return UNSAFE != null;
    }

    /** @return the address of byte 0 of a direct buffer (not of its position) */
    public static long address(ByteBuffer direct) {
        assert direct.isDirect() : "heap buffer";
        if (UNSAFE != null) {
            return UNSAFE.getLong(direct, ADDRESS_OFFSET);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** @return the address of the buffer's position: where a syscall reads or writes */
    public static long positionAddress(ByteBuffer direct) {
        return address(direct) + direct.position();
    }
}
