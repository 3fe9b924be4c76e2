package io.polyloop.iocp.emulation;

import com.sun.jna.Pointer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The emulated kernel's access to the caller's native memory: real reads and writes at the addresses the driver
 * passed, little-endian as on Win64. Its sockaddr codec is written apart from the driver's on purpose, byte by byte from
 * ws2def.h/ws2ipdef.h, so that one mistake cannot cancel the other out. Stateless.
 */
final class Mem {
    static final int AF_INET = 2;
    static final int AF_INET6 = 23;

    private Mem() {
    }

    static ByteBuffer view(long address, int length) {
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int getInt(long address) {
        return view(address, 4).getInt(0);
    }

    static void putInt(long address, int v) {
        view(address, 4).putInt(0, v);
    }

    static long getLong(long address) {
        return view(address, 8).getLong(0);
    }

    static void putLong(long address, long v) {
        view(address, 8).putLong(0, v);
    }

    static short getShort(long address) {
        return view(address, 2).getShort(0);
    }

    static void putShort(long address, short v) {
        view(address, 2).putShort(0, v);
    }

    /** The WSABUF array at {@code address}: ULONG len at +0, 4 bytes of padding, CHAR* buf at +8, 16 bytes each. */
    static ByteBuffer[] wsabufs(long address, int count) {
        ByteBuffer[] out = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long entry = address + 16L * i;
            int len = getInt(entry);
            long buf = getLong(entry + 8);
            out[i] = len == 0 ? ByteBuffer.allocateDirect(0) : view(buf, len).order(ByteOrder.BIG_ENDIAN);
        }
        return out;
    }

    /** A NUL-terminated UTF-16LE string (LPCWSTR): wchar_t is 16 bits on Windows, whatever it is here. */
    static String wideString(long address) {
        StringBuilder b = new StringBuilder();
        for (long p = address; ; p += 2) {
            char c = (char) getShort(p);
            if (c == 0) {
                return b.toString();
            }
            b.append(c);
        }
    }

    /** @return the address, or null for a family or length that does not fit (the caller fails with WSAEFAULT) */
    static InetSocketAddress getSockaddr(long address, int length) {
        if (length < 16) {
            return null;
        }
        ByteBuffer b = view(address, length);
        int family = b.getShort(0) & 0xFFFF;
        int port = (b.get(2) & 0xFF) << 8 | b.get(3) & 0xFF;
        try {
            if (family == AF_INET) {
                byte[] ip = new byte[4];
                b.position(4);
                b.get(ip);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            if (family == AF_INET6 && length >= 28) {
                byte[] ip = new byte[16];
                b.position(8);
                b.get(ip);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    /** @return the length written, or -1 if {@code room} is too small */
    static int putSockaddr(long address, int room, InetSocketAddress a) {
        boolean v4 = a.getAddress() instanceof Inet4Address;
        int len = v4 ? 16 : 28;
        if (room < len) {
            return -1;
        }
        ByteBuffer b = view(address, len);
        for (int i = 0; i < len; i++) {
            b.put(i, (byte) 0);
        }
        b.putShort(0, (short) (v4 ? AF_INET : AF_INET6));
        b.put(2, (byte) (a.getPort() >>> 8));
        b.put(3, (byte) a.getPort());
        byte[] ip = a.getAddress().getAddress();
        for (int i = 0; i < ip.length; i++) {
            b.put((v4 ? 4 : 8) + i, ip[i]);
        }
        if (!v4) {
            b.putInt(24, ((Inet6Address) a.getAddress()).getScopeId());
        }
        return len;
    }
}
