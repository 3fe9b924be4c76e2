package io.polyloop.posix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * sockaddr_in and sockaddr_in6 with {@code sa_len}, encoded and decoded against golden bytes laid out from the
 * headers. macOS SDK {@code netinet/in.h}: {@code struct sockaddr_in { __uint8_t sin_len; sa_family_t sin_family;
 * in_port_t sin_port; struct in_addr sin_addr; char sin_zero[8]; }} (16 bytes), {@code netinet6/in6.h}:
 * {@code struct sockaddr_in6 { __uint8_t sin6_len; sa_family_t sin6_family; in_port_t sin6_port; __uint32_t
 * sin6_flowinfo; struct in6_addr sin6_addr; __uint32_t sin6_scope_id; }} (28 bytes); {@code sa_family_t} is a
 * {@code __uint8_t} there ({@code sys/_types/_sa_family_t.h}). FreeBSD's {@code netinet/in.h} and
 * {@code netinet6/in6.h} declare the same fields and sizes; only AF_INET6 differs (30 on macOS, 28 on FreeBSD).
 */
@Timeout(10)
class BsdSockAddrLayoutTest {
    private final NativeMemory mem = NativeMemory.allocate(64);

    @AfterEach
    void free() {
        mem.free();
    }

    @Test
    void ipv4WithLengthByte() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        byte[] golden = {16, 2, 0x1f, (byte) 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        for (PosixPlatform p : new PosixPlatform[] {PosixPlatform.DARWIN, PosixPlatform.FREEBSD}) {
            fill((byte) 0x55);
            assertEquals(16, new SockAddr(p).encode(a, false, mem.buffer(), 0));
            assertArrayEquals(golden, bytes(16), p.name);
            assertEquals(a, new SockAddr(p).decode(mem.buffer(), 0, 16));
        }
    }

    @Test
    void ipv6WithLengthByteAndScope() throws Exception {
        InetSocketAddress a = new InetSocketAddress(
                java.net.Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3), 443);
        for (PosixPlatform p : new PosixPlatform[] {PosixPlatform.DARWIN, PosixPlatform.FREEBSD}) {
            byte[] golden = new byte[28];
            golden[0] = 28; // sin6_len
            golden[1] = (byte) p.AF_INET6; // sin6_family
            golden[2] = 0x01; // port 443, network order
            golden[3] = (byte) 0xbb;
            // flowinfo 4..7 zero
            golden[8] = (byte) 0xfe; // sin6_addr fe80::1
            golden[9] = (byte) 0x80;
            golden[23] = 1;
            golden[24] = 3; // sin6_scope_id, host order (little endian on x86-64 and arm64)
            fill((byte) 0x55);
            assertEquals(28, new SockAddr(p).encode(a, true, mem.buffer(), 0));
            assertArrayEquals(golden, bytes(28), p.name);
            InetSocketAddress back = new SockAddr(p).decode(mem.buffer(), 0, 28);
            assertEquals(a, back);
        }
    }

    @Test
    void linuxFamilyIsAHostOrderShort() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 53);
        assertEquals(16, new SockAddr(PosixPlatform.LINUX).encode(a, false, mem.buffer(), 0));
        assertArrayEquals(new byte[] {2, 0, 0, 53, 10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}, bytes(16));
    }

    @Test
    void aForeignFamilyDecodesToNull() {
        fill((byte) 0);
        mem.buffer().put(0, (byte) 16);
        mem.buffer().put(1, (byte) 1); // AF_UNIX
        assertEquals(null, new SockAddr(PosixPlatform.DARWIN).decode(mem.buffer(), 0, 16));
    }

    private void fill(byte b) {
        for (int i = 0; i < mem.size(); i++) {
            mem.buffer().put(i, b);
        }
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = mem.buffer().get(i);
        }
        return out;
    }
}
