package io.polyloop.kqueue;

import io.polyloop.posix.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * struct kevent, encoded and decoded against golden bytes laid out by hand from the headers (little endian, as on
 * x86-64 and arm64 for both OSes).
 *
 * <p>macOS SDK {@code sys/event.h}, under {@code #pragma pack(4)}:
 * <pre>
 * struct kevent {
 *     uintptr_t ident;   // 0, 8 bytes
 *     int16_t   filter;  // 8
 *     uint16_t  flags;   // 10
 *     uint32_t  fflags;  // 12
 *     intptr_t  data;    // 16, 8 bytes
 *     void     *udata;   // 24, 8 bytes
 * };                     // 32
 * </pre>
 * FreeBSD 12+ {@code sys/sys/event.h}:
 * <pre>
 * struct kevent {
 *     __uintptr_t    ident;   // 0
 *     short          filter;  // 8
 *     unsigned short flags;   // 10
 *     unsigned int   fflags;  // 12
 *     __int64_t      data;    // 16
 *     void          *udata;   // 24
 *     __uint64_t     ext[4];  // 32, 4 x 8 bytes
 * };                          // 64
 * </pre>
 * Numbers both headers share: EVFILT_READ -1, EVFILT_WRITE -2, EV_ADD 0x1, EV_DELETE 0x2, EV_ENABLE 0x4, EV_DISABLE
 * 0x8, EV_ONESHOT 0x10, EV_CLEAR 0x20, EV_RECEIPT 0x40, EV_ERROR 0x4000, EV_EOF 0x8000, NOTE_TRIGGER 0x01000000.
 * EVFILT_USER: -10 on macOS, -11 on FreeBSD.
 */
@Timeout(10)
class KeventLayoutTest {
    private final NativeMemory mem = NativeMemory.allocate(3 * 64);

    @AfterEach
    void free() {
        mem.free();
    }

    @Test
    void sizesOffsetsAndNumbersFromTheHeaders() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "golden bytes below are little endian");
        assertEquals(32, KeventAbi.DARWIN.size);
        assertEquals(-1, KeventAbi.DARWIN.ext);
        assertEquals(64, KeventAbi.FREEBSD.size);
        assertEquals(32, KeventAbi.FREEBSD.ext);
        assertEquals(0, KeventAbi.IDENT);
        assertEquals(8, KeventAbi.FILTER);
        assertEquals(10, KeventAbi.FLAGS);
        assertEquals(12, KeventAbi.FFLAGS);
        assertEquals(16, KeventAbi.DATA);
        assertEquals(24, KeventAbi.UDATA);
        assertEquals(-10, KeventAbi.DARWIN.evfiltUser);
        assertEquals(-11, KeventAbi.FREEBSD.evfiltUser);
        assertEquals(-1, Kevent.EVFILT_READ);
        assertEquals(-2, Kevent.EVFILT_WRITE);
        assertEquals(0x21, Kevent.EV_ADD | Kevent.EV_CLEAR);
        assertEquals(0x4000, Kevent.EV_ERROR);
        assertEquals(0x8000, Kevent.EV_EOF & 0xffff);
        assertEquals(0x01000000, Kevent.NOTE_TRIGGER);
        assertEquals(16, Kevent.TIMESPEC_SIZE);
        assertEquals(KeventAbi.DARWIN, KeventAbi.forOsName("Mac OS X"));
        assertEquals(KeventAbi.FREEBSD, KeventAbi.forOsName("FreeBSD"));
        assertEquals(null, KeventAbi.forOsName("Linux"));
    }

    /** EV_SET of the second entry of a list: exactly these bytes, nothing written outside the entry. */
    @Test
    void encodeMatchesGoldenBytes() {
        byte[] common = {
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // ident 0x0102030405060708
            (byte) 0xfe, (byte) 0xff,                       // filter EVFILT_WRITE (-2)
            0x21, 0x00,                                     // flags EV_ADD|EV_CLEAR
            0x00, 0x00, 0x00, 0x01,                         // fflags NOTE_TRIGGER
            0, 0, 0, 0, 0, 0, 0, 0,                         // data
            0, 0, 0, 0, 0, 0, 0, 0,                         // udata
        };
        for (KeventAbi abi : new KeventAbi[] {KeventAbi.DARWIN, KeventAbi.FREEBSD}) {
            fill((byte) 0x55);
            Kevent.set(mem.buffer(), abi, 1, 0x0102030405060708L, Kevent.EVFILT_WRITE,
                    (short) (Kevent.EV_ADD | Kevent.EV_CLEAR), Kevent.NOTE_TRIGGER);
            byte[] golden = new byte[abi.size];
            System.arraycopy(common, 0, golden, 0, 32); // FreeBSD: ext[4] zeroed after
            assertArrayEquals(golden, bytes(abi.size, abi.size), abi.name);
            assertEquals(0x55, mem.buffer().get(abi.size - 1) & 0xff, abi.name + ": entry 0 untouched");
            assertEquals(0x55, mem.buffer().get(2 * abi.size) & 0xff, abi.name + ": entry 2 untouched");
        }
    }

    /** An event as the kernel writes it (EV_EOF on a read filter, 0x1234 bytes, udata set): decoded field by field. */
    @Test
    void decodeGoldenBytes() {
        byte[] event = {
            0x2a, 0, 0, 0, 0, 0, 0, 0,                       // ident 42
            (byte) 0xff, (byte) 0xff,                        // filter EVFILT_READ (-1)
            0x21, (byte) 0x80,                               // flags EV_ADD|EV_CLEAR|EV_EOF
            0x36, 0, 0, 0,                                   // fflags 54 (ECONNRESET on the BSDs)
            0x34, 0x12, 0, 0, 0, 0, 0, 0,                    // data 0x1234
            (byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde, 0, 0, 0, 0, // udata 0xdeadbeef
        };
        for (KeventAbi abi : new KeventAbi[] {KeventAbi.DARWIN, KeventAbi.FREEBSD}) {
            fill((byte) 0);
            for (int i = 0; i < event.length; i++) {
                mem.buffer().put(abi.size + i, event[i]);
            }
            assertEquals(42, Kevent.ident(mem.buffer(), abi, 1));
            assertEquals(Kevent.EVFILT_READ, Kevent.filter(mem.buffer(), abi, 1));
            assertEquals(0x8021, Kevent.flags(mem.buffer(), abi, 1));
            assertEquals(Kevent.EV_EOF & 0xffff, Kevent.flags(mem.buffer(), abi, 1) & Kevent.EV_EOF & 0xffff);
            assertEquals(54, Kevent.fflags(mem.buffer(), abi, 1));
            assertEquals(0x1234, Kevent.data(mem.buffer(), abi, 1));
            assertEquals(0xdeadbeefL, mem.buffer().getLong(abi.size + KeventAbi.UDATA));
        }
    }

    private void fill(byte b) {
        for (int i = 0; i < mem.size(); i++) {
            mem.buffer().put(i, b);
        }
    }

    private byte[] bytes(int from, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = mem.buffer().get(from + i);
        }
        return out;
    }
}
