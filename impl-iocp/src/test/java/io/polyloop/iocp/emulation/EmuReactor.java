package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The emulated kernel's worker: one thread waiting on a Linux selector for the sockets that have overlapped calls
 * queued, and performing them (and queuing their packets) when the sockets are ready. Thread safe; the per-socket state
 * is guarded by the kernel's lock, which the thread takes after each select.
 */
final class EmuReactor {
    private final Object lock;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;

    EmuReactor(Object lock) {
        this.lock = lock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "emulated-iocp-kernel");
        thread.setDaemon(true);
        thread.start();
    }

    /** Under the lock: what {@code s} waits for now (0: nothing). */
    void interest(EmuSocket s, SelectableChannel ch, int ops) {
        try {
            if (s.key == null || s.key.channel() != ch || !s.key.isValid()) {
                if (ops == 0) {
                    return;
                }
                s.key = ch.register(selector, ops, s); // does not block on a select in progress (JDK 11+)
            } else {
                s.key.interestOps(ops);
            }
            if (ops != 0) {
                selector.wakeup();
            }
        } catch (ClosedChannelException e) {
            s.key = null;
        }
    }

    /** Under the lock: the socket's Linux channel goes away. */
    void forget(EmuSocket s) {
        if (s.key != null) {
            s.key.cancel();
            s.key = null;
        }
    }

    private void run() {
        while (!stopped) {
            try {
                selector.select(1000);
            } catch (IOException e) {
                return;
            }
            synchronized (lock) {
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isValid()) {
                        ((EmuSocket) k.attachment()).ready();
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }
}
