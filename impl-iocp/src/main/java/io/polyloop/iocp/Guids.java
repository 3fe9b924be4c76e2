package io.polyloop.iocp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * GUIDs in their in-memory layout (guiddef.h): Data1, Data2 and Data3 little-endian on x64 and arm64, Data4 as the
 * bytes in the order they are written. So {@code b5367df1-cbac-11cf-...} starts with bytes f1 7d 36 b5 ac cb cf 11.
 * Stateless.
 */
public final class Guids {
    private Guids() {
    }

    /** Writes the GUID {@code text} ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") at {@code offset} of {@code dst}. */
    public static void put(ByteBuffer dst, int offset, String text) {
        UUID u = UUID.fromString(text);
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        ByteBuffer b = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset, (int) (hi >>> 32));
        b.putShort(offset + 4, (short) (hi >>> 16));
        b.putShort(offset + 6, (short) hi);
        for (int i = 0; i < 8; i++) {
            b.put(offset + 8 + i, (byte) (lo >>> (56 - 8 * i)));
        }
    }

    /** @return the 16 bytes of {@code text} as Windows stores the GUID */
    public static byte[] bytes(String text) {
        ByteBuffer b = ByteBuffer.allocate(Layouts.GUID_SIZE);
        put(b, 0, text);
        return b.array();
    }
}
