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
import java.util.function.Consumer;

/**
 * One client of the server: read, execute every whole command read, write the replies in one write, repeat. A
 * pipelined burst thus costs one read and one write. Reading pauses while replies are being written, and output is
 * flushed once it passes {@value #FLUSH_BYTES} bytes, so a client that sends without reading holds at most a read
 * buffer, one partial command (at most {@code maxCommandBytes}) and a flush's worth of replies here.
 *
 * <p>One step at a time: each step is started by the completion of the previous one, so the fields need no lock.
 */
final class ServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final int READ_BYTES = 16 * 1024;
    static final int FLUSH_BYTES = 64 * 1024;
    /** Output buffers grown past this by a big reply are dropped after the write, not kept for the next one. */
    private static final int KEEP_OUTPUT_BYTES = 1024 * 1024;

    private final IoRuntime runtime;
    private final TcpStream stream;
    private final Commands commands;
    private final RespDecoder decoder;
    private final Consumer<ServerConnection> onClosed;
    private final ByteBuffer in = ByteBuffer.allocate(READ_BYTES);
    private RespWriter out = new RespWriter(4096);
    private boolean quit;

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
        Steps.after(runtime, read, (n, failure) -> {
            if (failure != null) {
                finish(failure);
            } else if (n < 0) {
                finish(null);
            } else {
                in.flip();
                process();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void process() {
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
        if (out.isEmpty()) {
            readNext(); // the input ended inside a command
            return;
        }
        Task<Void> write;
        try {
            write = stream.write(out.buffer());
        } catch (RuntimeException e) {
            finish(e);
            return;
        }
        Steps.after(runtime, write, (v, failure) -> {
            if (failure != null) {
                finish(failure);
                return;
            }
            out = out.size() > KEEP_OUTPUT_BYTES ? new RespWriter(4096) : out;
            out.clear();
            if (quit) {
                finish(null);
            } else if (in.hasRemaining()) {
                process(); // commands left over from a read that filled the output
            } else {
                readNext();
            }
        });
    }

    private void finish(Throwable failure) {
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
