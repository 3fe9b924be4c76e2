package io.polyloop.posix.readiness;

import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoRequest.Op;

/** Which operation suits which handle kind, and which direction it waits on. Stateless. */
public final class Ops {
    private Ops() {
    }

    public static boolean allowed(HandleKind kind, Op op) {
        if (op == Op.CLOSE) {
            return true;
        }
        switch (kind) {
            case TCP_LISTENER:
                return op == Op.ACCEPT;
            case TCP_STREAM:
                return op == Op.CONNECT || op == Op.RECV || op == Op.SEND || op == Op.SEND_VECTORED
                        || op == Op.RECV_SELECT;
            case UDP:
                // RECV/SEND and CONNECT serve connected UDP sockets
                return op == Op.RECV_FROM || op == Op.SEND_TO || op == Op.RECV || op == Op.SEND
                        || op == Op.SEND_VECTORED || op == Op.CONNECT;
            case FILE:
                return op == Op.READ || op == Op.WRITE || op == Op.FSYNC;
            default:
                return false;
        }
    }

    /** Read side waits for input readiness (EPOLLIN, EVFILT_READ); the rest (sends, connect) for output. */
    public static boolean isReadSide(Op op) {
        return op == Op.RECV || op == Op.RECV_FROM || op == Op.ACCEPT || op == Op.RECV_SELECT;
    }
}
