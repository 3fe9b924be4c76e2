package io.polyloop.posix;

import io.polyloop.spi.Errno;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Encodes {@link InetSocketAddress} to {@code sockaddr_in}/{@code sockaddr_in6} in native memory and decodes them
 * back, in the layout of one {@link PosixPlatform}. Linux: sockaddr_in (16): family u16 host order @0, port u16
 * network order @2, address @4; sockaddr_in6 (28): family @0, port @2, flowinfo @4, address @8, scope id @24. The
 * BSDs (macOS, FreeBSD: {@code netinet/in.h}, {@code netinet6/in6.h}) split the first two bytes into
 * {@code u8 sin_len} @0 and {@code u8 sin_family} @1, with their own AF_INET6 number; the rest is the same. An IPv4
 * target on an IPv6 socket is written as {@code ::ffff:a.b.c.d}; a mapped address read back is returned as IPv4.
 *
 * <p>Remembers the last address encoded and decoded, so a UDP socket talking to one peer neither re-reads
 * {@link InetAddress#getAddress()} (a copy) nor allocates a new {@link InetSocketAddress} per datagram.
 * Not thread safe: one per driver.
 */
public final class SockAddr {
    private final int afInet;
    private final int afInet6;
    private final boolean hasLen;
    private final int in4Size;
    private final int in6Size;
    private InetSocketAddress lastEncoded;
    private boolean lastEncodedV6;
    private final byte[] encoded;
    private int encodedLength;

    private InetSocketAddress lastDecoded;
    private final byte[] decoded;
    private int decodedLength;

    /** Linux layout. */
    public SockAddr() {
        this(PosixPlatform.LINUX);
    }

    public SockAddr(PosixPlatform platform) {
        this.afInet = platform.AF_INET;
        this.afInet6 = platform.AF_INET6;
        this.hasLen = platform.SOCKADDR_HAS_LEN;
        this.in4Size = platform.SOCKADDR_IN_SIZE;
        this.in6Size = platform.SOCKADDR_IN6_SIZE;
        this.encoded = new byte[in6Size];
        this.decoded = new byte[in6Size];
    }

    /**
     * Writes {@code address} at {@code mem[offset]} in the family of the socket.
     *
     * @return the sockaddr length, or a negative SPI code: -EINVAL (unresolved), -EAFNOSUPPORT (IPv6 on IPv4)
     */
    public int encode(InetSocketAddress address, boolean ipv6Socket, ByteBuffer mem, int offset) {
        if (address != lastEncoded || ipv6Socket != lastEncodedV6) {
            int n = encodeSlow(address, ipv6Socket);
            if (n < 0) {
                return n;
            }
            lastEncoded = address;
            lastEncodedV6 = ipv6Socket;
            encodedLength = n;
        }
        for (int i = 0; i < encodedLength; i++) {
            mem.put(offset + i, encoded[i]);
        }
        return encodedLength;
    }

    private int encodeSlow(InetSocketAddress address, boolean ipv6Socket) {
        InetAddress ia = address.getAddress();
        if (ia == null) {
            return -Errno.EINVAL;
        }
        byte[] raw = ia.getAddress();
        int port = address.getPort();
        java.util.Arrays.fill(encoded, (byte) 0);
        if (!ipv6Socket) {
            if (!(ia instanceof Inet4Address)) {
                return -Errno.EAFNOSUPPORT;
            }
            putFamily(afInet, in4Size, port);
            System.arraycopy(raw, 0, encoded, 4, 4);
            return in4Size;
        }
        putFamily(afInet6, in6Size, port);
        if (ia instanceof Inet4Address) {
            encoded[18] = (byte) 0xff;
            encoded[19] = (byte) 0xff;
            System.arraycopy(raw, 0, encoded, 20, 4);
        } else {
            System.arraycopy(raw, 0, encoded, 8, 16);
            int scope = ((Inet6Address) ia).getScopeId();
            encoded[24] = (byte) scope; // host order: little endian on x86-64/aarch64
            encoded[25] = (byte) (scope >>> 8);
            encoded[26] = (byte) (scope >>> 16);
            encoded[27] = (byte) (scope >>> 24);
        }
        return in6Size;
    }

    private void putFamily(int family, int size, int port) {
        if (hasLen) {
            encoded[0] = (byte) size; // BSD: u8 sa_len, u8 sa_family
            encoded[1] = (byte) family;
        } else if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            // Linux sa_family_t is a host-order u16
            short f = (short) family;
            encoded[0] = (byte) f;
            encoded[1] = (byte) (f >>> 8);
        } else {
            encoded[0] = (byte) (family >>> 8);
            encoded[1] = (byte) family;
        }
        encoded[2] = (byte) (port >>> 8);
        encoded[3] = (byte) port;
    }

    /**
     * Reads the sockaddr at {@code mem[offset]} (as filled by accept, recvfrom, getsockname or getpeername).
     *
     * @return the address, or null if the family is neither AF_INET nor AF_INET6 (or the length is short)
     */
    public InetSocketAddress decode(ByteBuffer mem, int offset, int length) {
        int family = hasLen ? mem.get(offset + 1) & 0xff : mem.getShort(offset) & 0xffff;
        int n = family == afInet ? in4Size : family == afInet6 ? in6Size : -1;
        if (n < 0 || length < n) {
            return null;
        }
        if (lastDecoded != null && n == decodedLength && sameBytes(mem, offset, n)) {
            return lastDecoded;
        }
        for (int i = 0; i < n; i++) {
            decoded[i] = mem.get(offset + i);
        }
        InetSocketAddress a = decodeSlow(family == afInet, mem, offset);
        decodedLength = n;
        lastDecoded = a;
        return a;
    }

    private boolean sameBytes(ByteBuffer mem, int offset, int n) {
        for (int i = 0; i < n; i++) {
            if (decoded[i] != mem.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private static InetSocketAddress decodeSlow(boolean inet4, ByteBuffer mem, int offset) {
        int port = (mem.get(offset + 2) & 0xff) << 8 | (mem.get(offset + 3) & 0xff);
        try {
            if (inet4) {
                return new InetSocketAddress(InetAddress.getByAddress(bytes(mem, offset + 4, 4)), port);
            }
            byte[] raw = bytes(mem, offset + 8, 16);
            if (isV4Mapped(raw)) {
                byte[] v4 = {raw[12], raw[13], raw[14], raw[15]};
                return new InetSocketAddress(InetAddress.getByAddress(v4), port);
            }
            int scope = mem.getInt(offset + 24);
            return new InetSocketAddress(Inet6Address.getByAddress(null, raw, scope), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("fixed-length address rejected", e);
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] bytes(ByteBuffer mem, int offset, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = mem.get(offset + i);
        }
        return b;
    }
}
