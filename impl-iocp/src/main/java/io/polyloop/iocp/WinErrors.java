package io.polyloop.iocp;

import io.polyloop.spi.Errno;

import java.io.IOException;

import static io.polyloop.iocp.WinConstants.*;

/**
 * Win32 and Winsock error codes translated to the SPI's Linux-numbered {@link Errno}, the way libuv's
 * {@code uv_translate_sys_error} does. Stateless.
 */
public final class WinErrors {
    private WinErrors() {
    }

    /** @return the positive {@link Errno} code for a Win32 or Winsock error (EIO for one without an equivalent) */
    public static int errno(int winError) {
        switch (winError) {
            case ERROR_FILE_NOT_FOUND:
            case ERROR_PATH_NOT_FOUND: return Errno.ENOENT;
            case ERROR_TOO_MANY_OPEN_FILES:
            case WSAEMFILE: return Errno.EMFILE;
            case ERROR_ACCESS_DENIED:
            case ERROR_SHARING_VIOLATION:
            case WSAEACCES: return Errno.EACCES;
            case ERROR_INVALID_HANDLE:
            case WSAEBADF:
            case WSAENOTSOCK: return Errno.EBADF;
            case ERROR_NOT_ENOUGH_MEMORY:
            case ERROR_OUTOFMEMORY: return Errno.ENOMEM;
            case ERROR_FILE_EXISTS:
            case ERROR_ALREADY_EXISTS: return Errno.EEXIST;
            case ERROR_INVALID_PARAMETER:
            case WSAEINVAL:
            case WSAEFAULT:
            case WSANOTINITIALISED: return Errno.EINVAL;
            case ERROR_BROKEN_PIPE:
            case WSAESHUTDOWN: return Errno.EPIPE;
            case ERROR_DISK_FULL: return Errno.ENOSPC;
            case ERROR_SEM_TIMEOUT:
            case WSAETIMEDOUT: return Errno.ETIMEDOUT;
            case ERROR_OPERATION_ABORTED: return Errno.ECANCELED;
            case ERROR_CONNECTION_REFUSED:
            case WSAECONNREFUSED: return Errno.ECONNREFUSED;
            case ERROR_NETWORK_UNREACHABLE:
            case WSAENETUNREACH: return Errno.ENETUNREACH;
            case ERROR_HOST_UNREACHABLE:
            case WSAEHOSTUNREACH: return Errno.EHOSTUNREACH;
            case ERROR_CONNECTION_ABORTED:
            case WSAECONNABORTED: return Errno.ECONNABORTED;
            // a UDP socket's ICMP port unreachable (SIO_UDP_CONNRESET) and a TCP reset look the same to a caller
            case ERROR_PORT_UNREACHABLE:
            case ERROR_NETNAME_DELETED:
            case WSAENETRESET:
            case WSAECONNRESET: return Errno.ECONNRESET;
            case WSAEINTR: return Errno.EINTR;
            case WSAEWOULDBLOCK: return Errno.EAGAIN;
            case WSAEINPROGRESS: return Errno.EINPROGRESS;
            case WSAEALREADY: return Errno.EALREADY;
            case WSAEMSGSIZE: return Errno.EMSGSIZE;
            case WSAENOPROTOOPT:
            case WSAEOPNOTSUPP: return Errno.EOPNOTSUPP;
            case WSAEAFNOSUPPORT: return Errno.EAFNOSUPPORT;
            case WSAEADDRINUSE: return Errno.EADDRINUSE;
            case WSAEADDRNOTAVAIL: return Errno.EADDRNOTAVAIL;
            case WSAENETDOWN: return Errno.ENETDOWN;
            case WSAENOBUFS: return Errno.ENOBUFS;
            case WSAEISCONN: return Errno.EISCONN;
            case WSAENOTCONN: return Errno.ENOTCONN;
            default: return Errno.EIO;
        }
    }

    /** @return an exception for a failed synchronous call, naming the native error too */
    public static IOException exception(int winError, String what) {
        return Errno.toException(-errno(winError), what + " (Windows error " + winError + ")");
    }
}
