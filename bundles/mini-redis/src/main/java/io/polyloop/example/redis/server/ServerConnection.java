package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpStream;
import io.polyloop.example.redis.resp.RespDecoder;
import io.polyloop.example.redis.resp.RespLimits;
import io.polyloop.example.redis.resp.RespProtocolException;
import io.polyloop.example.redis.resp.RespWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One client of the server: read, execute every whole command read, write the replies in one write, and read on
 * while that write is out. A pipelined burst thus costs one read and one write, and the next burst is read while
 * the replies of the last one are being sent. Replies produced while a write is out gather in a second buffer, sent
 * as one write when the first completes; once that buffer passes {@value #FLUSH_BYTES} bytes, reading pauses until
 * the write completes. So a client that sends without reading holds at most a read buffer, one partial command (at
 * most {@code maxCommandBytes}) and two flushes' worth of replies here.
 *
 * <p>One step at a time: each step is started by the completion of the previous one, all on the stream's loop, so
 * the fields need no lock.
 */
final class ServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final int READ_BYTES = 16 * 1024;
    static final int FLUSH_BYTES = 64 * 1024;
    /** Output buffers grown past this by a big reply are dropped after the write, not kept for the next one. */
    private static final int KEEP_OUTPUT_BYTES = 1024 * 1024;
    private static final int MAX_INLINE = 8;

    private final IoRuntime runtime;
    private final TcpStream stream;
    private final Commands commands;
    private final RespDecoder decoder;
    private final Consumer<ServerConnection> onClosed;
    private final ByteBuffer in = ByteBuffer.allocate(READ_BYTES);
    private final BiConsumer<Integer, Throwable> onRead = this::onRead;
    private final BiConsumer<Void, Throwable> onWritten = this::onWritten;
    /** Replies being gathered. */
    private RespWriter out = new RespWriter(4096);
    /** Replies being written, or null when no write is out. */
    private RespWriter sending;
    private RespWriter spare = new RespWriter(4096);
    /** Input is left in {@link #in} because the output was full: processed again when the write completes. */
    private boolean paused;
    private boolean quit;
    private boolean finished;
    /** Steps run inline on the current stack (see {@link #after}). */
    private int depth;

    ServerConnection(IoRuntime runtime, TcpStream stream, Commands commands, long maxCommandBytes,
                     Consumer<ServerConnection> onClosed) {
        this.runtime = runtime;
        this.stream = stream;
        this.commands = commands;
        this.decoder = RespDecoder.forCommands(RespLimits.ofMaxValueBytes(maxCommandBytes));
        this.onClosed = onClosed;
    }

    void start() {
        readNext();
    }

    TcpStream stream() {
        return stream;
    }

    private void readNext() {
        in.clear();
        Task<Integer> read;
        try {
            read = stream.read(in);
        } catch (RuntimeException e) {
            finish(e);
            return;
        }
        after(read, onRead);
    }

    private void onRead(Integer n, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            finish(failure);
        } else if (n < 0) {
            if (sending == null && out.isEmpty()) {
                finish(null);
            } else {
                quit = true; // the client half-closed: send what it asked for, then close
                writeIfIdle();
            }
        } else {
            in.flip();
            process();
        }
    }

    @SuppressWarnings("unchecked")
    private void process() {
        paused = false;
        try {
            Object command;
            while (!quit && out.size() < FLUSH_BYTES && (command = decoder.decode(in)) != RespDecoder.INCOMPLETE) {
                quit = !commands.execute((List<byte[]>) command, out);
            }
        } catch (RespProtocolException e) {
            // As Redis: say why, then close; the stream cannot be resynchronised.
            out.error("ERR Protocol error: " + e.getMessage().replace('\r', ' ').replace('\n', ' '));
            quit = true;
        }
        writeIfIdle();
        if (quit || finished) {
            return; // closed once the replies are written
        }
        if (in.hasRemaining()) {
            paused = true; // the output is full: go on when the write completes
        } else {
            readNext();
        }
    }

    private void writeIfIdle() {
        if (sending != null || finished) {
            return;
        }
        if (out.isEmpty()) {
            if (quit) {
                finish(null);
            }
            return;
        }
        sending = out;
        out = spare;
        spare = null;
        Task<Void> write;
        try {
            write = stream.write(sending.buffer());
        } catch (RuntimeException e) {
            finish(e);
            return;
        }
        after(write, onWritten);
    }

    private void onWritten(Void v, Throwable failure) {
        if (finished) {
            return;
        }
        if (failure != null) {
            finish(failure);
            return;
        }
        RespWriter sent = sending;
        sending = null;
        spare = sent.size() > KEEP_OUTPUT_BYTES ? new RespWriter(4096) : sent;
        spare.clear();
        if (paused) {
            process(); // writes what it gathered, reads on
        } else {
            writeIfIdle();
        }
    }

    /**
     * Continues with {@code next} when {@code task} completes: at once when it is complete already (a write the
     * kernel took whole, a read of bytes already received), up to {@value #MAX_INLINE} steps deep; past that
     * through the loop's queue, so that a client that keeps the socket busy cannot grow the stack.
     */
    private <T> void after(Task<T> task, BiConsumer<T, Throwable> next) {
        if (task.isDone() && depth < MAX_INLINE) {
            depth++;
            try {
                task.whenComplete(next);
            } finally {
                depth--;
            }
            return;
        }
        Steps.after(runtime, task, next);
    }

    private void finish(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof ClosedChannelException) && !(cause instanceof AsynchronousCloseException)
                    && !(cause instanceof CancellationException)) {
                LOG.debug("polyloop mini-redis: connection from {} failed: {}", stream.remoteAddress(), cause.toString());
            }
        }
        stream.close();
        onClosed.accept(this);
    }
}
