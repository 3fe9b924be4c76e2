package io.polyloop.posix;

import com.sun.jna.Native;
import io.polyloop.spi.Errno;

import java.io.IOException;

/**
 * errno access and its translation to the canonical {@link Errno} codes of the SPI.
 *
 * <p>Backends read errno with {@link #lastErrno()} right after a failed direct-mapped call: JNA stores the native
 * errno in a per-thread slot after every call, with no exception thrown (declaring {@code throws
 * LastErrorException} would cost an exception per EAGAIN). Nothing the JVM does between the call and the read (GC,
 * safepoints, other JNA calls on other threads) changes that slot; another JNA call on the same thread does. A hot
 * call made through FFM ({@link Ffm}) writes its captured errno to the same slot when it fails, so the rule holds
 * whichever binding made the last call. Thread safe.
 */
public final class Errors {
    /** Where no POSIX platform is known (no POSIX backend runs there), Linux numbering: the identity. */
    private static final PosixPlatform HOST = PosixPlatform.current() != null ? PosixPlatform.current()
            : PosixPlatform.LINUX;

    private Errors() {
    }

    /** @return the errno saved by JNA after the last native call on this thread */
    public static int lastErrno() {
        return Native.getLastError();
    }

    /**
     * @return the SPI code for a native errno of the OS this JVM runs on ({@link PosixPlatform#canonical}): the
     *         identity on Linux, whose numbers are the canonical ones
     */
    public static int canonical(int nativeErrno) {
        return HOST.canonical(nativeErrno);
    }

    /** @return {@code -canonical(lastErrno())}: the negative result a failed request completes with */
    public static int negativeLastErrno() {
        return -canonical(lastErrno());
    }

    /** @return an exception for a failed synchronous call, e.g. {@code "bind 127.0.0.1:80: EADDRINUSE"} */
    public static IOException exception(String what) {
        return exception(lastErrno(), what);
    }

    public static IOException exception(int nativeErrno, String what) {
        return Errno.toException(-canonical(nativeErrno), what);
    }

    /** @return an exception for a failed call of an OS described by {@code p}, with its errno translated */
    public static IOException exception(PosixPlatform p, int nativeErrno, String what) {
        return Errno.toException(-p.canonical(nativeErrno), what);
    }
}
