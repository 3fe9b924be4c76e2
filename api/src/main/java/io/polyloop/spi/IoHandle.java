package io.polyloop.spi;

/**
 * A native descriptor (a socket or file descriptor, or a Windows HANDLE/SOCKET) as the layers above a driver see it.
 * Created by a driver; moved between drivers of the same descriptor family by {@link IoDriver#detach}/{@link
 * IoDriver#adopt}. Not thread safe: confined to the loop whose driver holds it.
 */
public final class IoHandle {
    private final HandleKind kind;
    private final long descriptor;
    private final boolean ipv6;
    private Object driverState;
    private boolean closed;

    /**
     * @param kind       what the descriptor is
     * @param descriptor the native descriptor value (an fd on POSIX, a HANDLE or SOCKET on Windows)
     * @param ipv6       for sockets, whether the socket is of the IPv6 family; false for files
     */
    public IoHandle(HandleKind kind, long descriptor, boolean ipv6) {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (descriptor < 0) {
            throw new IllegalArgumentException("descriptor " + descriptor + " is negative");
        }
        this.kind = kind;
        this.descriptor = descriptor;
        this.ipv6 = ipv6;
    }

    public HandleKind kind() {
        return kind;
    }

    public long descriptor() {
        return descriptor;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    /** @return the private state of the driver that holds this handle, or {@code null} while detached */
    public Object driverState() {
        return driverState;
    }

    /** For drivers only: attaches (on open or adopt) or clears (on detach) the driver's private state. */
    public void driverState(Object state) {
        this.driverState = state;
    }

    /** @return true once a {@link IoRequest.Op#CLOSE} request on this handle has been accepted by a driver */
    public boolean isClosed() {
        return closed;
    }

    /** For drivers only: marks the descriptor closed (or being closed); no request is accepted afterwards. */
    public void markClosed() {
        this.closed = true;
    }

    @Override
    public String toString() {
        return kind + "(" + descriptor + (closed ? ", closed" : "") + ")";
    }
}
