package io.polyloop.spi;

import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * The canonical error codes of the SPI. A failed {@link IoRequest} completes with the negated code. The numbers are
 * Linux's; a backend on another OS translates its native errno (or Windows error) to these before completing, so the
 * layers above see one vocabulary.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int EMSGSIZE = 90;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;
    public static final int ECANCELED = 125;

    private Errno() {
    }

    /** @return the symbolic name of a code (sign ignored), or {@code "errno N"} for one this class does not name */
    public static String name(int code) {
        switch (Math.abs(code)) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EEXIST: return "EEXIST";
            case EISDIR: return "EISDIR";
            case EINVAL: return "EINVAL";
            case ENFILE: return "ENFILE";
            case EMFILE: return "EMFILE";
            case EFBIG: return "EFBIG";
            case ENOSPC: return "ENOSPC";
            case EPIPE: return "EPIPE";
            case EMSGSIZE: return "EMSGSIZE";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EAFNOSUPPORT: return "EAFNOSUPPORT";
            case EADDRINUSE: return "EADDRINUSE";
            case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
            case ENETDOWN: return "ENETDOWN";
            case ENETUNREACH: return "ENETUNREACH";
            case ECONNABORTED: return "ECONNABORTED";
            case ECONNRESET: return "ECONNRESET";
            case ENOBUFS: return "ENOBUFS";
            case EISCONN: return "EISCONN";
            case ENOTCONN: return "ENOTCONN";
            case ETIMEDOUT: return "ETIMEDOUT";
            case ECONNREFUSED: return "ECONNREFUSED";
            case EHOSTUNREACH: return "EHOSTUNREACH";
            case EALREADY: return "EALREADY";
            case EINPROGRESS: return "EINPROGRESS";
            case ECANCELED: return "ECANCELED";
            default: return "errno " + Math.abs(code);
        }
    }

    /**
     * Maps a failed result to the {@link IOException} a Java caller expects (ConnectException for a refused
     * connection, BindException for an address in use, and so on).
     *
     * @param result a negative request result
     * @param what   the operation and its subject, e.g. {@code "connect to 127.0.0.1:80"}
     */
    public static IOException toException(int result, String what) {
        int code = -result;
        String message = what + ": " + name(code);
        switch (code) {
            case ECONNREFUSED: return new ConnectException(message + " (connection refused)");
            case EADDRINUSE:
            case EADDRNOTAVAIL: return new BindException(message);
            case EHOSTUNREACH:
            case ENETUNREACH: return new NoRouteToHostException(message);
            case ETIMEDOUT: return new SocketTimeoutException(message);
            case EBADF: return closed(message);
            case ECONNRESET: return new SocketException(message + " (connection reset by peer)");
            case EPIPE: return new SocketException(message + " (broken pipe)");
            default: return code == 0 ? new EOFException(what) : new IOException(message);
        }
    }

    private static IOException closed(String message) {
        ClosedChannelException e = new ClosedChannelException();
        e.initCause(new IOException(message));
        return e;
    }
}
