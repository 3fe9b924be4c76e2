package io.polyloop.posix;

import io.polyloop.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-OS tables read as values, and errno translation both ways. */
@Timeout(10)
class PosixPlatformTest {

    @Test
    void osNamesPickTheirPlatform() {
        assertSame(PosixPlatform.LINUX, PosixPlatform.forOsName("Linux"));
        assertSame(PosixPlatform.DARWIN, PosixPlatform.forOsName("Mac OS X"));
        assertSame(PosixPlatform.FREEBSD, PosixPlatform.forOsName("FreeBSD"));
        assertNull(PosixPlatform.forOsName("Windows 11"));
    }

    @Test
    void bsdNumbersWhereTheHeadersSaySo() {
        PosixPlatform mac = PosixPlatform.DARWIN;
        assertEquals(0xffff, mac.SOL_SOCKET);
        assertEquals(30, mac.AF_INET6);
        assertEquals(0, mac.SOCK_NONBLOCK, "macOS has no SOCK_NONBLOCK");
        assertEquals(0, mac.MSG_NOSIGNAL, "macOS has no MSG_NOSIGNAL");
        assertEquals(0x1022, mac.SO_NOSIGPIPE);
        assertEquals(0x1080, mac.SO_LINGER, "SO_LINGER_SEC");
        assertTrue(mac.SOCKADDR_HAS_LEN);
        assertFalse(mac.HAS_ACCEPT4);
        assertEquals(48, mac.MSGHDR_SIZE);
        assertEquals(4, mac.MSGHDR_IOVLEN_SIZE);
        PosixPlatform bsd = PosixPlatform.FREEBSD;
        assertEquals(28, bsd.AF_INET6);
        assertEquals(0x20000000, bsd.SOCK_NONBLOCK);
        assertEquals(0x20000, bsd.MSG_NOSIGNAL);
        assertEquals(0x100000, bsd.O_CLOEXEC);
        assertEquals(0, bsd.F_FULLFSYNC);
        PosixPlatform linux = PosixPlatform.LINUX;
        assertEquals(1, linux.SOL_SOCKET);
        assertEquals(0, linux.SO_NOSIGPIPE);
        assertFalse(linux.SOCKADDR_HAS_LEN);
        assertEquals(56, linux.MSGHDR_SIZE);
    }

    @Test
    void linuxErrnoIsTheIdentity() {
        for (int e = 0; e < 200; e++) {
            assertEquals(e, PosixPlatform.LINUX.canonical(e));
        }
    }

    /** Every SPI code has a native number on each OS, and maps back to itself. */
    @Test
    void everySpiCodeRoundTripsOnEveryPlatform() throws Exception {
        for (PosixPlatform p : new PosixPlatform[] {PosixPlatform.LINUX, PosixPlatform.DARWIN,
                PosixPlatform.FREEBSD}) {
            for (Field f : Errno.class.getFields()) {
                if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                    int code = f.getInt(null);
                    assertEquals(code, p.canonical(p.nativeErrno(code)), p + " " + f.getName());
                }
            }
        }
    }

    @Test
    void bsdErrnoTranslated() {
        for (PosixPlatform p : new PosixPlatform[] {PosixPlatform.DARWIN, PosixPlatform.FREEBSD}) {
            assertEquals(Errno.EAGAIN, p.canonical(35), p + " EAGAIN");
            assertEquals(Errno.EINPROGRESS, p.canonical(36));
            assertEquals(Errno.ECONNRESET, p.canonical(54));
            assertEquals(Errno.ECONNREFUSED, p.canonical(61));
            assertEquals(Errno.EPIPE, p.canonical(32), "V7 numbers agree");
            assertEquals(35, p.canonical(11), "BSD 11 is EDEADLK, Linux's 35, never Linux's EAGAIN");
            assertEquals(Errno.EIO, p.canonical(250), "an unknown number is not passed off as a Linux one");
            assertEquals(35, p.nativeErrno(Errno.EAGAIN));
        }
        assertEquals(Errno.ECANCELED, PosixPlatform.DARWIN.canonical(89));
        assertEquals(Errno.ECANCELED, PosixPlatform.FREEBSD.canonical(85));
        assertEquals(Errno.EOPNOTSUPP, PosixPlatform.DARWIN.canonical(102));
        assertEquals(Errno.EOPNOTSUPP, PosixPlatform.FREEBSD.canonical(45));
    }
}
