package io.polyloop.iocp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Windows {@code sockaddr_in}/{@code sockaddr_in6} in native memory: a 16-bit little-endian family first (AF_INET 2,
 * AF_INET6 23; no BSD {@code sa_len}), the port in network order. Reads and writes through a buffer view, so it
 * allocates only the {@link InetSocketAddress} it decodes. Stateless.
 */
public final class SockAddrs {
    private SockAddrs() {
    }

    /**
     * Encodes {@code a} at {@code offset}.
     *
     * @return the length to pass with it (16 or 28)
     * @throws IllegalArgumentException if the address is unresolved
     */
    public static int put(ByteBuffer view, int offset, InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + a + ": resolve it before handing it to a driver");
        }
        ByteBuffer le = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] raw = ip.getAddress();
        if (ip instanceof Inet4Address) {
            le.putShort(offset + Layouts.SA_FAMILY, (short) WinConstants.AF_INET);
            putPort(le, offset + Layouts.SIN_PORT, a.getPort());
            putBytes(le, offset + Layouts.SIN_ADDR, raw);
            le.putLong(offset + Layouts.SIN_ZERO, 0);
            return Layouts.SOCKADDR_IN_SIZE;
        }
        le.putShort(offset + Layouts.SA_FAMILY, (short) WinConstants.AF_INET6);
        putPort(le, offset + Layouts.SIN6_PORT, a.getPort());
        le.putInt(offset + Layouts.SIN6_FLOWINFO, 0);
        putBytes(le, offset + Layouts.SIN6_ADDR, raw);
        le.putInt(offset + Layouts.SIN6_SCOPE_ID, ((Inet6Address) ip).getScopeId());
        return Layouts.SOCKADDR_IN6_SIZE;
    }

    /** Encodes the wildcard address, port 0, of a family: what a socket is bound to before ConnectEx. */
    public static int putWildcard(ByteBuffer view, int offset, boolean ipv6) {
        ByteBuffer le = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int size = ipv6 ? Layouts.SOCKADDR_IN6_SIZE : Layouts.SOCKADDR_IN_SIZE;
        for (int i = 0; i < size; i++) {
            le.put(offset + i, (byte) 0);
        }
        le.putShort(offset + Layouts.SA_FAMILY, (short) (ipv6 ? WinConstants.AF_INET6 : WinConstants.AF_INET));
        return size;
    }

    /**
     * @param length the length the OS reported
     * @return the address, or null if the family is neither AF_INET nor AF_INET6 or {@code length} is too short
     */
    public static InetSocketAddress get(ByteBuffer view, int offset, int length) {
        ByteBuffer le = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int family = le.getShort(offset + Layouts.SA_FAMILY) & 0xFFFF;
        try {
            if (family == WinConstants.AF_INET && length >= Layouts.SOCKADDR_IN_SIZE) {
                byte[] raw = getBytes(le, offset + Layouts.SIN_ADDR, 4);
                return new InetSocketAddress(InetAddress.getByAddress(raw), getPort(le, offset + Layouts.SIN_PORT));
            }
            if (family == WinConstants.AF_INET6 && length >= Layouts.SOCKADDR_IN6_SIZE) {
                byte[] raw = getBytes(le, offset + Layouts.SIN6_ADDR, 16);
                int scope = le.getInt(offset + Layouts.SIN6_SCOPE_ID);
                InetAddress ip = scope == 0 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, scope);
                return new InetSocketAddress(ip, getPort(le, offset + Layouts.SIN6_PORT));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a wrong address length, which the checks above exclude
        }
        return null;
    }

    private static void putPort(ByteBuffer le, int at, int port) {
        le.put(at, (byte) (port >>> 8));
        le.put(at + 1, (byte) port);
    }

    private static int getPort(ByteBuffer le, int at) {
        return (le.get(at) & 0xFF) << 8 | le.get(at + 1) & 0xFF;
    }

    private static void putBytes(ByteBuffer b, int at, byte[] src) {
        for (int i = 0; i < src.length; i++) {
            b.put(at + i, src[i]);
        }
    }

    private static byte[] getBytes(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.get(at + i);
        }
        return out;
    }
}
