package io.polyloop.posix;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

/**
 * Maps {@link StandardSocketOptions} to setsockopt/getsockopt with one {@link PosixPlatform}'s levels and names (the
 * overloads without a platform are Linux's, over libc). Not a hot path (options are set when a socket is opened), but
 * it still uses the caller's scratch memory instead of allocating. Not thread safe (the scratch memory is the
 * caller's).
 */
public final class SocketOptions {
    private SocketOptions() {
    }

    /** Linux, libc. */
    public static <T> void set(int fd, SocketOption<T> option, T value, NativeMemory scratch, int offset)
            throws IOException {
        set(LibCSyscalls.INSTANCE, PosixPlatform.LINUX, fd, option, value, scratch, offset);
    }

    /**
     * @param scratch at least 8 bytes for the value plus 4 for the length, at {@code offset}
     * @throws UnsupportedOperationException for an option not in the table
     */
    public static <T> void set(PosixSyscalls sys, PosixPlatform p, int fd, SocketOption<T> option, T value,
                               NativeMemory scratch, int offset) throws IOException {
        if (MulticastOptions.handles(option)) {
            MulticastOptions.set(sys, p, fd, option, value, scratch, offset);
            return;
        }
        int level = level(p, option);
        int name = name(p, option);
        ByteBuffer b = scratch.buffer();
        int len = 4;
        if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            b.putInt(offset, seconds < 0 ? 0 : 1); // struct linger { int l_onoff; int l_linger; }
            b.putInt(offset + 4, Math.max(seconds, 0));
            len = 8;
        } else if (value instanceof Boolean) {
            b.putInt(offset, (Boolean) value ? 1 : 0);
        } else {
            b.putInt(offset, (Integer) value);
        }
        if (sys.setsockopt(fd, level, name, scratch.address() + offset, len) < 0) {
            throw Errors.exception(p, sys.errno(), "setsockopt " + option.name() + "=" + value);
        }
    }

    /** Linux, libc. */
    public static <T> T get(int fd, SocketOption<T> option, NativeMemory scratch, int offset) throws IOException {
        return get(LibCSyscalls.INSTANCE, PosixPlatform.LINUX, fd, option, scratch, offset);
    }

    @SuppressWarnings("unchecked")
    public static <T> T get(PosixSyscalls sys, PosixPlatform p, int fd, SocketOption<T> option, NativeMemory scratch,
                            int offset) throws IOException {
        if (MulticastOptions.handles(option)) {
            return (T) MulticastOptions.get(sys, p, fd, option, scratch, offset);
        }
        int level = level(p, option);
        int name = name(p, option);
        ByteBuffer b = scratch.buffer();
        b.putLong(offset, 0);
        b.putInt(offset + 8, 8);
        if (sys.getsockopt(fd, level, name, scratch.address() + offset, scratch.address() + offset + 8) < 0) {
            throw Errors.exception(p, sys.errno(), "getsockopt " + option.name());
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            return (T) Integer.valueOf(b.getInt(offset) == 0 ? -1 : b.getInt(offset + 4));
        }
        int v = b.getInt(offset);
        if (option.type() == Boolean.class) {
            return (T) Boolean.valueOf(v != 0);
        }
        return (T) Integer.valueOf(v);
    }

    /** Linux, libc: reads and clears the pending socket error (SO_ERROR): 0 or a native errno. */
    public static int pendingError(int fd, NativeMemory scratch, int offset) {
        return pendingError(LibCSyscalls.INSTANCE, PosixPlatform.LINUX, fd, scratch, offset);
    }

    /** Reads and clears the pending socket error (SO_ERROR): 0 or a native errno of {@code p}. */
    public static int pendingError(PosixSyscalls sys, PosixPlatform p, int fd, NativeMemory scratch, int offset) {
        ByteBuffer b = scratch.buffer();
        b.putInt(offset, 0);
        b.putInt(offset + 4, 4);
        if (sys.getsockopt(fd, p.SOL_SOCKET, p.SO_ERROR, scratch.address() + offset,
                scratch.address() + offset + 4) < 0) {
            return sys.errno();
        }
        return b.getInt(offset);
    }

    /** Sets an int-valued option by level and name (IPV6_V6ONLY, SO_NOSIGPIPE): 0 or -1 with errno set. */
    public static int setInt(PosixSyscalls sys, int fd, int level, int name, int value, NativeMemory scratch,
                             int offset) {
        scratch.buffer().putInt(offset, value);
        return sys.setsockopt(fd, level, name, scratch.address() + offset, 4);
    }

    private static int level(PosixPlatform p, SocketOption<?> o) {
        return o == StandardSocketOptions.TCP_NODELAY ? p.IPPROTO_TCP : p.SOL_SOCKET;
    }

    private static int name(PosixPlatform p, SocketOption<?> o) {
        if (o == StandardSocketOptions.TCP_NODELAY) {
            return p.TCP_NODELAY;
        } else if (o == StandardSocketOptions.SO_KEEPALIVE) {
            return p.SO_KEEPALIVE;
        } else if (o == StandardSocketOptions.SO_REUSEADDR) {
            return p.SO_REUSEADDR;
        } else if (o == StandardSocketOptions.SO_REUSEPORT) {
            return p.SO_REUSEPORT;
        } else if (o == StandardSocketOptions.SO_RCVBUF) {
            return p.SO_RCVBUF;
        } else if (o == StandardSocketOptions.SO_SNDBUF) {
            return p.SO_SNDBUF;
        } else if (o == StandardSocketOptions.SO_LINGER) {
            return p.SO_LINGER;
        } else if (o == StandardSocketOptions.SO_BROADCAST) {
            return p.SO_BROADCAST;
        }
        throw new UnsupportedOperationException("socket option " + o.name() + " is not supported");
    }
}
