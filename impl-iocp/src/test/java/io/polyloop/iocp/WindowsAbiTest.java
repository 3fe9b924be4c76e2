package io.polyloop.iocp;

import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Win64 (LLP64) struct layouts against golden byte images written by hand from the Windows SDK headers (10.0.22621):
 * each struct is filled with distinct values through {@link Layouts}' offsets, or through the driver's own encoders,
 * and compared byte by byte with the image the header's declaration implies; then the image is decoded back.
 */
@Timeout(10)
class WindowsAbiTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] golden(String hex) {
        return HEX.parseHex(hex.trim().replaceAll("\\s+", " "));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * minwinbase.h: {@code typedef struct _OVERLAPPED { ULONG_PTR Internal; ULONG_PTR InternalHigh; union { struct {
     * DWORD Offset; DWORD OffsetHigh; }; PVOID Pointer; }; HANDLE hEvent; } OVERLAPPED;}
     */
    @Test
    void overlapped() {
        assertEquals(32, Layouts.OVERLAPPED_SIZE);
        ByteBuffer b = le(Layouts.OVERLAPPED_SIZE);
        b.putLong(Layouts.OVERLAPPED_INTERNAL, 0x1111_2222_C000_0120L);
        b.putLong(Layouts.OVERLAPPED_INTERNAL_HIGH, 0x0000_0000_0001_0000L);
        b.putInt(Layouts.OVERLAPPED_OFFSET, 0x0403_0201);
        b.putInt(Layouts.OVERLAPPED_OFFSET_HIGH, 0x0807_0605);
        b.putLong(Layouts.OVERLAPPED_EVENT, 0x0000_0000_0000_0ABCL);
        byte[] image = golden("""
                20 01 00 c0 22 22 11 11   00 00 01 00 00 00 00 00
                01 02 03 04 05 06 07 08   bc 0a 00 00 00 00 00 00""");
        assertArrayEquals(image, b.array());
    }

    /** The driver's slot: it writes Offset/OffsetHigh and reads the status (low half of Internal) and InternalHigh. */
    @Test
    void overlappedThroughTheDriversSlot() {
        OpSlots slots = new OpSlots(64);
        Op op = slots.acquire();
        try {
            op.start(null, new IoRequest(), false);
            op.offset(0x0000_0005_0000_0004L);
            assertArrayEquals(golden("04 00 00 00 05 00 00 00"), bytes(op, Layouts.OVERLAPPED_OFFSET, 8));
            op.appendOffset();
            assertArrayEquals(golden("ff ff ff ff ff ff ff ff"), bytes(op, Layouts.OVERLAPPED_OFFSET, 8),
                    "WriteFile: both offsets 0xFFFFFFFF append");
            put(op, 0, golden("20 01 00 c0 5a 5a 5a 5a   39 30 00 00 00 00 00 00"));
            assertEquals(WinConstants.STATUS_CANCELLED, op.status(), "IO_STATUS_BLOCK.Status is the low 32 bits");
            assertEquals(12345, op.internalHigh());
            assertEquals(op, slots.byOverlapped(op.address), "the OVERLAPPED address leads back to its slot");
            assertEquals(null, slots.byOverlapped(op.address + 8));
        } finally {
            slots.release(op);
            assertTrue(slots.free());
        }
    }

    /** ws2def.h: {@code typedef struct _WSABUF { ULONG len; CHAR FAR *buf; } WSABUF;} — 4 bytes of padding. */
    @Test
    void wsabuf() {
        assertEquals(16, Layouts.WSABUF_SIZE);
        assertEquals(0, Layouts.WSABUF_LEN);
        assertEquals(8, Layouts.WSABUF_BUF);
        OpSlots slots = new OpSlots(64);
        Op op = slots.acquire();
        try {
            op.start(null, new IoRequest(), false);
            op.wsabuf(1, 0x1122_3344_5566_7788L, 0x0102_0304);
            assertArrayEquals(golden("04 03 02 01 00 00 00 00   88 77 66 55 44 33 22 11"),
                    bytes(op, Op.WSABUFS + Layouts.WSABUF_SIZE, Layouts.WSABUF_SIZE));
        } finally {
            slots.release(op);
            slots.free();
        }
    }

    /**
     * minwinbase.h: {@code typedef struct _OVERLAPPED_ENTRY { ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped;
     * ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred; } OVERLAPPED_ENTRY;} — 28 bytes of fields, 32 with the
     * tail padding that keeps an array of them 8-aligned.
     */
    @Test
    void overlappedEntry() {
        assertEquals(32, Layouts.ENTRY_SIZE);
        byte[] image = golden("""
                02 00 00 00 00 00 00 00   f0 de bc 9a 78 56 00 00
                00 00 00 00 00 00 00 00   00 10 00 00 00 00 00 00""");
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getLong(Layouts.ENTRY_KEY));
        assertEquals(0x5678_9ABC_DEF0L, b.getLong(Layouts.ENTRY_OVERLAPPED));
        assertEquals(0, b.getLong(Layouts.ENTRY_INTERNAL));
        assertEquals(4096, b.getInt(Layouts.ENTRY_BYTES));
    }

    /**
     * ws2def.h: {@code SOCKADDR_STORAGE { ADDRESS_FAMILY ss_family; CHAR __ss_pad1[_SS_PAD1SIZE]; __int64 __ss_align;
     * CHAR __ss_pad2[_SS_PAD2SIZE]; }} with _SS_MAXSIZE 128, _SS_PAD1SIZE 6, _SS_PAD2SIZE 112; {@code sockaddr_in {
     * ADDRESS_FAMILY sin_family; USHORT sin_port; IN_ADDR sin_addr; CHAR sin_zero[8]; }}: family u16 first, no sa_len.
     */
    @Test
    void sockaddrIn() throws Exception {
        assertEquals(128, Layouts.SOCKADDR_STORAGE_SIZE);
        assertEquals(2 + 6 + 8 + 112, Layouts.SOCKADDR_STORAGE_SIZE);
        assertEquals(16, Layouts.SOCKADDR_IN_SIZE);
        ByteBuffer b = ByteBuffer.allocate(Layouts.SOCKADDR_STORAGE_SIZE);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        assertEquals(16, SockAddrs.put(b, 0, a));
        assertArrayEquals(golden("02 00 1f 90 7f 00 00 01   00 00 00 00 00 00 00 00"), slice(b, 16));
        assertEquals(a, SockAddrs.get(ByteBuffer.wrap(golden("02 00 1f 90 7f 00 00 01 00 00 00 00 00 00 00 00")), 0, 16));
        assertEquals(null, SockAddrs.get(b, 0, 15), "too short for sockaddr_in");
    }

    /**
     * ws2ipdef.h: {@code sockaddr_in6 { ADDRESS_FAMILY sin6_family; USHORT sin6_port; ULONG sin6_flowinfo; IN6_ADDR
     * sin6_addr; union { ULONG sin6_scope_id; SCOPE_ID sin6_scope_struct; }; }} — 28 bytes; AF_INET6 is 23 on Windows.
     */
    @Test
    void sockaddrIn6() throws Exception {
        assertEquals(28, Layouts.SOCKADDR_IN6_SIZE);
        assertEquals(44, Layouts.ACCEPTEX_ADDRESS_LENGTH, "AcceptEx: sizeof(sockaddr_in6) + 16");
        ByteBuffer b = ByteBuffer.allocate(Layouts.SOCKADDR_STORAGE_SIZE);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertEquals(28, SockAddrs.put(b, 0, a));
        byte[] image = golden("""
                17 00 01 bb 00 00 00 00   00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 01   00 00 00 00""");
        assertArrayEquals(image, slice(b, 28));
        assertEquals(a, SockAddrs.get(ByteBuffer.wrap(image), 0, 28));
        byte[] scoped = image.clone();
        scoped[24] = 3; // sin6_scope_id = 3
        assertEquals(3, ((java.net.Inet6Address) SockAddrs.get(ByteBuffer.wrap(scoped), 0, 28).getAddress())
                .getScopeId());
        assertEquals(28, SockAddrs.putWildcard(b, 0, true));
        assertArrayEquals(golden("17 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
                slice(b, 28), "in6addr_any, port 0");
    }

    /**
     * guiddef.h {@code GUID { unsigned long Data1; unsigned short Data2; unsigned short Data3; unsigned char Data4[8]; }}
     * with the mswsock.h values of WSAID_ACCEPTEX and WSAID_CONNECTEX.
     */
    @Test
    void extensionGuids() {
        assertArrayEquals(golden("f1 7d 36 b5 ac cb cf 11 95 ca 00 80 5f 48 a1 92"),
                Guids.bytes(WinConstants.WSAID_ACCEPTEX));
        assertArrayEquals(golden("b9 07 a2 25 f3 dd 60 46 8e e9 76 e5 8c 74 06 3e"),
                Guids.bytes(WinConstants.WSAID_CONNECTEX));
    }

    /** The driver's slot keeps what the kernel points into 8-aligned, and nothing overlaps. */
    @Test
    void slotLayout() {
        assertEquals(0, Op.ADDR % 8);
        assertEquals(0, Op.WSABUFS % 8);
        assertEquals(0, Op.SIZE % 8);
        assertTrue(Op.FLAGS >= Layouts.OVERLAPPED_SIZE && Op.ADDR_LEN + 4 <= Op.ADDR);
        assertTrue(Op.ADDR + Layouts.SOCKADDR_STORAGE_SIZE <= Op.ACCEPT_BUFFER);
        assertTrue(Op.ACCEPT_BUFFER + 2 * Layouts.ACCEPTEX_ADDRESS_LENGTH <= Op.WSABUFS);
        assertEquals(2 + 2 + 4, Layouts.LINGER_SIZE + 4, "linger: two u_short");
        assertEquals(16, Layouts.FILE_COMPLETION_INFORMATION_SIZE);
        assertEquals(16, Layouts.IO_STATUS_BLOCK_SIZE);
    }

    private static byte[] bytes(Op op, int offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = op.view.get(op.base + offset + i);
        }
        return out;
    }

    private static void put(Op op, int offset, byte[] src) {
        for (int i = 0; i < src.length; i++) {
            op.view.put(op.base + offset + i, src[i]);
        }
    }

    private static byte[] slice(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.get(i);
        }
        return out;
    }
}
