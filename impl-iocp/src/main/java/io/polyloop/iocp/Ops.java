package io.polyloop.iocp;

import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoRequest.Op;

/** Which operation suits which handle kind on this backend. Stateless. */
final class Ops {
    private Ops() {
    }

    static boolean allowed(HandleKind kind, Op op) {
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
                // CONNECT sets the default peer synchronously (IocpDriver); RECV/SEND then serve the connected socket
                return op == Op.RECV_FROM || op == Op.SEND_TO || op == Op.RECV || op == Op.SEND
                        || op == Op.SEND_VECTORED || op == Op.CONNECT;
            case FILE:
                return op == Op.READ || op == Op.WRITE || op == Op.FSYNC;
            default:
                return false;
        }
    }
}
