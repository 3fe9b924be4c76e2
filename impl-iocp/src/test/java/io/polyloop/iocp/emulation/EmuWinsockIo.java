package io.polyloop.iocp.emulation;

import static io.polyloop.iocp.WinConstants.*;

/**
 * ws2_32's overlapped calls emulated: WSARecv, WSASend, WSARecvFrom, WSASendTo, WSAGetOverlappedResult, AcceptEx and
 * ConnectEx (called through the "function pointers" WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) hands out; any other
 * pointer throws, as it would crash on Windows), and WSAIoctl's SIO_UDP_CONNRESET. The calls are performed and
 * completed by {@link EmuSocket}. Thread safe: every call takes the kernel's lock.
 */
final class EmuWinsockIo {
    /** The "function pointers" WSAIoctl hands out for AcceptEx and ConnectEx. */
    static final long ACCEPTEX = 0x7FFA_0000_1000L;
    static final long CONNECTEX = 0x7FFA_0000_2000L;
    /** mswsock.h DEFINE_GUID values in memory order. */
    private static final byte[] WSAID_ACCEPTEX_BYTES = {(byte) 0xf1, 0x7d, 0x36, (byte) 0xb5, (byte) 0xac, (byte) 0xcb,
        (byte) 0xcf, 0x11, (byte) 0x95, (byte) 0xca, 0x00, (byte) 0x80, 0x5f, 0x48, (byte) 0xa1, (byte) 0x92};
    private static final byte[] WSAID_CONNECTEX_BYTES = {(byte) 0xb9, 0x07, (byte) 0xa2, 0x25, (byte) 0xf3, (byte) 0xdd,
        0x60, 0x46, (byte) 0x8e, (byte) 0xe9, 0x76, (byte) 0xe5, (byte) 0x8c, 0x74, 0x06, 0x3e};

    private final EmuKernel k;

    EmuWinsockIo(EmuKernel kernel) {
        this.k = kernel;
    }

    int WSAIoctl(long s, int code, long in, int inLen, long out, int outLen, long bytesReturnedPtr,
                 long overlapped, long completionRoutine) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (code == SIO_GET_EXTENSION_FUNCTION_POINTER) {
                if (inLen != 16 || outLen < 8) {
                    return k.socketError(WSAEFAULT);
                }
                byte[] guid = new byte[16];
                Mem.view(in, 16).get(guid);
                long fn = java.util.Arrays.equals(guid, WSAID_ACCEPTEX_BYTES) ? ACCEPTEX
                        : java.util.Arrays.equals(guid, WSAID_CONNECTEX_BYTES) ? CONNECTEX : 0;
                if (fn == 0) {
                    return k.socketError(WSAEINVAL);
                }
                Mem.putLong(out, fn);
                Mem.putInt(bytesReturnedPtr, 8);
                return 0;
            }
            if (code == SIO_UDP_CONNRESET) {
                if (so.tcp || inLen < 4) {
                    return k.socketError(WSAEINVAL);
                }
                so.udpConnReset = Mem.getInt(in) != 0;
                Mem.putInt(bytesReturnedPtr, 0);
                return 0;
            }
            return k.socketError(WSAEOPNOTSUPP);
        }
    }

    int WSARecv(long s, long buffers, int count, long bytesPtr, long flagsPtr, long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.RECV, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        return wsaCall(s, op, true);
    }

    int WSASend(long s, long buffers, int count, long bytesPtr, int flags, long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.SEND, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        return wsaCall(s, op, true);
    }

    int WSARecvFrom(long s, long buffers, int count, long bytesPtr, long flagsPtr, long from, long fromLenPtr,
                    long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.RECV_FROM, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        op.fromPtr = from;
        op.fromLenPtr = fromLenPtr;
        return wsaCall(s, op, false);
    }

    int WSASendTo(long s, long buffers, int count, long bytesPtr, int flags, long to, int toLen,
                  long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.SEND_TO, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        op.target = Mem.getSockaddr(to, toLen);
        if (op.target == null) {
            return k.socketError(WSAEFAULT);
        }
        return wsaCall(s, op, false);
    }

    /** @param stream whether the call needs a connected stream socket (else a bound datagram socket) */
    private int wsaCall(long s, EmuOp op, boolean stream) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (so.tcp ? !stream || so.stream == null || !so.connected : so.datagram == null) {
                return k.socketError(so.tcp ? WSAENOTCONN : WSAEINVAL);
            }
            int rc = so.submit(op);
            return rc == 0 ? 0 : k.socketError(rc);
        }
    }

    int WSAGetOverlappedResult(long s, long overlapped, long bytesPtr, int wait, long flagsPtr) {
        synchronized (k.lock) {
            if (k.socket(s) == null) {
                return k.socketError(WSAENOTSOCK);
            }
        }
        int status = Mem.getInt(overlapped);
        if (status == STATUS_PENDING) {
            return k.socketError(996); // WSA_IO_INCOMPLETE
        }
        Mem.putInt(bytesPtr, (int) Mem.getLong(overlapped + 8));
        Mem.putInt(flagsPtr, 0);
        return ntSuccess(status) ? 1 : k.fail(EmuKernel.wsaError(status));
    }

    int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveLength,
                 int localLength, int remoteLength, long bytesReceivedPtr, long overlapped) {
        if (function != ACCEPTEX) {
            throw new IllegalStateException("AcceptEx called through 0x" + Long.toHexString(function)
                    + ", not the pointer WSAIoctl returned: on Windows this would crash");
        }
        synchronized (k.lock) {
            EmuSocket listener = k.socket(listenSocket);
            EmuSocket target = k.socket(acceptSocket);
            if (listener == null || target == null) {
                return k.fail(WSAENOTSOCK);
            }
            // AcceptEx page: the accept socket must be unbound and unconnected; each address slot 16 bytes over the
            // largest sockaddr; this emulation takes no data with the connection
            if (listener.server == null || target.bound != null || target.stream != null || target.v6 != listener.v6
                    || localLength < 28 + 16 || remoteLength < 28 + 16 || receiveLength != 0) {
                return k.fail(WSAEINVAL);
            }
            EmuOp op = new EmuOp(EmuOp.Kind.ACCEPT, overlapped);
            op.acceptSocket = target;
            op.acceptBuffer = outputBuffer;
            op.acceptAddressLength = localLength;
            int rc = listener.submit(op);
            if (rc == 0) {
                Mem.putInt(bytesReceivedPtr, 0);
                return 1;
            }
            return k.fail(rc);
        }
    }

    int ConnectEx(long function, long s, long name, int nameLen, long sendBuffer, int sendLength,
                  long bytesSentPtr, long overlapped) {
        if (function != CONNECTEX) {
            throw new IllegalStateException("ConnectEx called through 0x" + Long.toHexString(function)
                    + ", not the pointer WSAIoctl returned: on Windows this would crash");
        }
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.fail(WSAENOTSOCK);
            }
            if (so.connected) {
                return k.fail(WSAEISCONN);
            }
            if (!so.tcp || so.bound == null || so.server != null || sendLength != 0) {
                return k.fail(WSAEINVAL); // ConnectEx page: "an unconnected, previously bound socket"
            }
            EmuOp op = new EmuOp(EmuOp.Kind.CONNECT, overlapped);
            op.target = Mem.getSockaddr(name, nameLen);
            if (op.target == null) {
                return k.fail(WSAEFAULT);
            }
            int rc = so.submit(op);
            return rc == 0 ? 1 : k.fail(rc);
        }
    }
}
