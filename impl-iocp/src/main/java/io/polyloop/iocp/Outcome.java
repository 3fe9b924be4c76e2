package io.polyloop.iocp;

import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;

import static io.polyloop.iocp.WinConstants.*;

/**
 * Turns a finished overlapped call into the SPI result of its request, with the follow-up calls Windows requires:
 * SO_UPDATE_ACCEPT_CONTEXT on an accepted socket (AcceptEx page: until then getpeername, getsockname and shutdown do
 * not work on it) and SO_UPDATE_CONNECT_CONTEXT on a connected one (ConnectEx page, same reason). Not thread safe:
 * loop thread only.
 */
final class Outcome {
    private final Win32 win;
    private final SocketSetup setup;
    private final HandleRegistry registry;

    Outcome(Win32 win, SocketSetup setup, HandleRegistry registry) {
        this.win = win;
        this.setup = setup;
        this.registry = registry;
    }

    /** The call succeeded: {@code bytes} from the packet, or from OVERLAPPED.InternalHigh when there was none. */
    int success(Op op, int bytes) {
        IoRequest r = op.request;
        switch (r.op()) {
            case ACCEPT:
                return accepted(op);
            case CONNECT: {
                int e = setup.updateConnectContext(op.channel.os);
                return e == 0 ? 0 : -WinErrors.errno(e);
            }
            case RECV_FROM:
                r.address(SockAddrs.get(op.view, op.base + Op.ADDR, op.view.getInt(op.base + Op.ADDR_LEN)));
                return bytes;
            default:
                return bytes;
        }
    }

    /**
     * The packet carries a failure status. A cancelled call that moved bytes before it stopped reports them: they
     * were read or sent, and data is never dropped.
     */
    int failure(Op op, int bytes) {
        if (op.cancelled != 0 || op.channel.handle.isClosed()) {
            return bytes > 0 && movesData(op.request.op()) ? bytes : -Errno.ECANCELED;
        }
        int e = overlappedError(op);
        if (e == ERROR_SUCCESS) {
            return success(op, bytes);
        }
        return failedAtOnce(op, e);
    }

    /** The call failed without queuing a packet, or {@link #failure} found its error. */
    int failedAtOnce(Op op, int winError) {
        // ReadFile page: reading at or past the end of file fails with ERROR_HANDLE_EOF, at once or in the packet
        if (winError == ERROR_HANDLE_EOF && op.request.op() == IoRequest.Op.READ) {
            return 0;
        }
        return -WinErrors.errno(winError);
    }

    /** The Win32/Winsock error of a failed call, as GetOverlappedResult/WSAGetOverlappedResult report it. */
    private int overlappedError(Op op) {
        Channel c = op.channel;
        int ok = c.isFile() ? win.GetOverlappedResult(c.os, op.address, op.at(Op.ADDR_LEN), 0)
                : win.WSAGetOverlappedResult(c.os, op.address, op.at(Op.ADDR_LEN), 0, op.at(Op.FLAGS));
        return ok != 0 ? ERROR_SUCCESS : win.lastError();
    }

    private int accepted(Op op) {
        Channel listener = op.channel;
        long s = op.acceptSocket;
        int e = setup.updateAcceptContext(s, listener.os);
        if (e != 0) {
            return -WinErrors.errno(e); // the caller closes the accept socket
        }
        IoHandle h = new IoHandle(HandleKind.TCP_STREAM, s, listener.handle.isIpv6());
        e = registry.attach(h);
        if (e != 0) {
            return -WinErrors.errno(e);
        }
        op.acceptSocket = 0; // a handle now: no longer ours to close
        op.request.accepted(h);
        try {
            op.request.address(setup.remoteAddress(s));
        } catch (IOException ex) {
            op.request.address(null); // the peer may be gone already; reads will say so
        }
        return 0;
    }

    private static boolean movesData(IoRequest.Op op) {
        return op == IoRequest.Op.RECV || op == IoRequest.Op.RECV_SELECT || op == IoRequest.Op.SEND || op == IoRequest.Op.SEND_VECTORED
                || op == IoRequest.Op.READ || op == IoRequest.Op.WRITE;
    }
}
