package io.polyloop.api.file;

import io.polyloop.api.Task;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open regular file, owned by one event loop; its completions and continuations run there. Reads and writes are
 * positional, so several may be in flight at once. io_uring does them in the kernel; backends whose OS cannot do
 * file I/O asynchronously (epoll) run them on their bounded blocking pool. Thread safe.
 *
 * <p>A buffer passed in belongs to the file until the returned task completes; heap and direct buffers are both
 * accepted. Cancelling a read or write cancels its request with the backend; a cancelled write may have written
 * part of its bytes.
 */
public interface AsyncFile extends AutoCloseable {

    /** @return the path the file was opened with */
    Path path();

    /**
     * Reads once at {@code position} into {@code dst} (between position and limit); may read fewer bytes than
     * remain.
     *
     * @return the bytes read, or -1 at the end of the file
     */
    Task<Integer> read(ByteBuffer dst, long position);

    /**
     * Reads the whole file from its start.
     *
     * @param maxBytes the largest file accepted
     * @return a heap buffer with the content, ready to read; fails with {@link java.io.IOException} naming the
     *         limit if the file has more than {@code maxBytes} bytes
     */
    Task<ByteBuffer> readAll(int maxBytes);

    /**
     * Writes once at {@code position} (ignored when opened with APPEND: every write appends); may write fewer bytes
     * than remain.
     *
     * @return the bytes written
     */
    Task<Integer> write(ByteBuffer src, long position);

    /** Writes every remaining byte of {@code src} from {@code position}, resuming after short writes. */
    Task<Void> writeAll(ByteBuffer src, long position);

    /** Flushes to stable storage: fsync, or fdatasync when {@code metadata} is false. */
    Task<Void> sync(boolean metadata);

    /** @return the file's current size, read by path (a blocking call, run off the loop) */
    Task<Long> size();

    Task<Void> closeAsync();

    @Override
    void close();

    boolean isOpen();
}
