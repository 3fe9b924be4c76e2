package io.polyloop.scheduler.net;

import io.polyloop.api.net.TcpOptions;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.HandleTransfer;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Moves a connection just accepted on one loop to another loop, before any front-end object wraps it, through the
 * backend's {@link HandleTransfer}: where the backend cannot spread accepts over loops with SO_REUSEPORT, a listener
 * on one loop still places its connections on every loop (thread-per-core). The connection is released on the
 * accepting loop, adopted and wrapped on the target loop, and the stream is handed back to the accepting loop. If
 * the target cannot take it (shutting down, adopt refused) the connection is taken back and served where it was
 * accepted: it is never lost. Loop threads only, as stated per method.
 */
final class HandOff {
    private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

    private HandOff() {
    }

    /**
     * Accepting loop: starts moving {@code connection} to {@code target}. {@code arrived} runs later on
     * {@code from} with the stream (opened on {@code target}, or on {@code from} if the move failed) or the failure
     * to wrap it.
     *
     * @return false if the backend cannot move handles or refused this one (IOException): nothing happened, the
     *         caller keeps the connection. True otherwise, also if the release threw anything else: the connection
     *         is then closed and {@code arrived} gets the failure
     */
    static boolean start(EventLoop from, IoHandle connection, EventLoop target, InetSocketAddress peer,
                         TcpOptions options, BiConsumer<LoopTcpStream, Throwable> arrived) {
        IoDriver d = Connections.driver(from);
        if (!(d instanceof HandleTransfer)) {
            return false;
        }
        DetachedHandle moving;
        try {
            moving = ((HandleTransfer) d).release(connection);
        } catch (IOException e) { // the contract: the handle stays registered here, untouched
            LOG.debug("{}: {} stays here: {}", from, connection, e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            // A broken driver: the handle may be half released, so serving it here could hang the peer for good.
            // Close it and fail the accept that waits for it, as when a connection cannot be wrapped.
            LOG.warn("{}: releasing {} failed; the connection is closed", from, connection, e);
            Connections.closeQuietly(from, connection);
            back(from, () -> arrived.accept(null, e), null);
            return true;
        }
        try {
            target.execute(() -> arrive(from, moving, target, peer, options, arrived));
        } catch (RejectedExecutionException e) {
            comeBack(from, moving, peer, options, arrived); // we are on from: at once
        }
        return true;
    }

    /** Target loop: adopts and wraps the connection, then tells the accepting loop. */
    private static void arrive(EventLoop from, DetachedHandle moving, EventLoop target, InetSocketAddress peer,
                               TcpOptions options, BiConsumer<LoopTcpStream, Throwable> arrived) {
        try {
            target.driver().adopt(List.of(moving));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot take a connection from {} ({}); it stays there", target, from, e.toString());
            back(from, () -> comeBack(from, moving, peer, options, arrived), moving.handle());
            return;
        }
        LoopTcpStream stream;
        try {
            stream = LoopTcpStream.open(target, moving.handle(), peer, options, true);
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(target, moving.handle());
            back(from, () -> arrived.accept(null, e), null);
            return;
        }
        back(from, () -> arrived.accept(stream, null), stream);
    }

    /** Posts {@code action} to the accepting loop; if it is gone, closes what would have been delivered. */
    private static void back(EventLoop from, Runnable action, Object orphan) {
        try {
            from.execute(action);
        } catch (RejectedExecutionException e) {
            // the listener's loop shut down, which closed the listener: nobody will take this connection
            if (orphan instanceof LoopTcpStream) {
                ((LoopTcpStream) orphan).close();
            }
            LOG.debug("{} is shut down; a connection handed off by it is closed", from);
        }
    }

    /** Accepting loop: the target could not take the connection; serve it here. */
    private static void comeBack(EventLoop from, DetachedHandle moving, InetSocketAddress peer, TcpOptions options,
                                 BiConsumer<LoopTcpStream, Throwable> arrived) {
        LoopTcpStream stream;
        try {
            from.driver().adopt(List.of(moving));
            stream = LoopTcpStream.open(from, moving.handle(), peer, options, true);
        } catch (IOException | RuntimeException e) {
            arrived.accept(null, e);
            return;
        }
        arrived.accept(stream, null);
    }
}
