package io.polyloop.posix;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

import static io.polyloop.posix.LinuxConstants.IPPROTO_TCP;
import static io.polyloop.posix.LinuxConstants.SOL_SOCKET;

/**
 * Maps {@link StandardSocketOptions} to setsockopt/getsockopt with Linux levels and names. Not a hot path (options
 * are set when a socket is opened), but it still uses the caller's scratch memory instead of allocating. Not thread
 * safe (the scratch memory is the caller's).
 */
public final class SocketOptions {
    private SocketOptions() {
    }

    /**
     * @param scratch at least 8 bytes for the value plus 4 for the length, at {@code offset}
     * @throws UnsupportedOperationException for an option not in the table
     */
    public static <T> void set(int fd, SocketOption<T> option, T value, NativeMemory scratch, int offset)
            throws IOException {
        int level = level(option);
        int name = name(option);
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
        if (LibC.setsockopt(fd, level, name, scratch.address() + offset, len) < 0) {
            throw Errors.exception("setsockopt " + option.name() + "=" + value);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T> T get(int fd, SocketOption<T> option, NativeMemory scratch, int offset) throws IOException {
        int level = level(option);
        int name = name(option);
        ByteBuffer b = scratch.buffer();
        b.putLong(offset, 0);
        b.putInt(offset + 8, 8);
        if (LibC.getsockopt(fd, level, name, scratch.address() + offset, scratch.address() + offset + 8) < 0) {
            throw Errors.exception("getsockopt " + option.name());
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

    /** Reads and clears the pending socket error (SO_ERROR): 0 or a native errno. */
    public static int pendingError(int fd, NativeMemory scratch, int offset) {
        ByteBuffer b = scratch.buffer();
        b.putInt(offset, 0);
        b.putInt(offset + 4, 4);
        if (LibC.getsockopt(fd, SOL_SOCKET, LinuxConstants.SO_ERROR, scratch.address() + offset,
                scratch.address() + offset + 4) < 0) {
            return Errors.lastErrno();
        }
        return b.getInt(offset);
    }

    private static int level(SocketOption<?> o) {
        return o == StandardSocketOptions.TCP_NODELAY ? IPPROTO_TCP : SOL_SOCKET;
    }

    private static int name(SocketOption<?> o) {
        if (o == StandardSocketOptions.TCP_NODELAY) {
            return LinuxConstants.TCP_NODELAY;
        } else if (o == StandardSocketOptions.SO_KEEPALIVE) {
            return LinuxConstants.SO_KEEPALIVE;
        } else if (o == StandardSocketOptions.SO_REUSEADDR) {
            return LinuxConstants.SO_REUSEADDR;
        } else if (o == StandardSocketOptions.SO_REUSEPORT) {
            return LinuxConstants.SO_REUSEPORT;
        } else if (o == StandardSocketOptions.SO_RCVBUF) {
            return LinuxConstants.SO_RCVBUF;
        } else if (o == StandardSocketOptions.SO_SNDBUF) {
            return LinuxConstants.SO_SNDBUF;
        } else if (o == StandardSocketOptions.SO_LINGER) {
            return LinuxConstants.SO_LINGER;
        } else if (o == StandardSocketOptions.SO_BROADCAST) {
            return LinuxConstants.SO_BROADCAST;
        }
        throw new UnsupportedOperationException("socket option " + o.name() + " is not supported");
    }
}
