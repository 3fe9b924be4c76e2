package io.polyloop.scheduler.file;

import io.polyloop.api.Task;
import io.polyloop.api.file.AsyncFile;
import io.polyloop.scheduler.blocking.BlockingPool;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.net.Connections;
import io.polyloop.scheduler.net.OwnedHandle;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file owned by one loop. Each operation has a request and a pooled staging buffer of its own while in flight (the
 * caller's buffer is never handed to the kernel), so positional operations run concurrently; each moves at most one
 * staging buffer ({@code loop.buffers().bufferSize()}) per request. Thread safe: off-loop calls are posted.
 */
public final class LoopFile extends OwnedHandle implements AsyncFile {
    private final Path path;
    private final BlockingPool blocking;
    private IOException closeCause;

    private LoopFile(EventLoop loop, IoHandle handle, Path path, BlockingPool blocking) {
        super(loop, handle);
        this.path = path;
        this.blocking = blocking;
    }

    /** Opens through the loop's driver and registers with the loop. Loop thread only. */
    public static LoopFile open(EventLoop loop, Path path, int flags, BlockingPool blocking) throws IOException {
        IoHandle h = loop.driver().openFile(path, flags);
        LoopFile file = new LoopFile(loop, h, path, blocking);
        try {
            loop.register(file);
        } catch (IOException e) {
            Connections.closeQuietly(loop, h);
            throw e;
        }
        return file;
    }

    @Override
    public Path path() {
        return path;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Task<Integer> read(ByteBuffer dst, long position) {
        Objects.requireNonNull(dst, "dst");
        checkPosition(position);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read into a read-only buffer");
        }
        LoopTask<Integer> task = new LoopTask<>(loop);
        loop.run(() -> readOnce(task, dst, position), task);
        return task;
    }

    /** @return the loop's staging buffer, or null with {@code task} failed: out of direct memory, not the loop */
    private ByteBuffer staging(LoopTask<?> task) {
        try {
            return loop.buffers().acquire();
        } catch (OutOfMemoryError e) {
            task.completeExceptionally(new IOException("no direct memory for the staging buffer of an operation on "
                    + path + ": " + e.getMessage(), e));
            return null;
        }
    }

    private void readOnce(LoopTask<Integer> task, ByteBuffer dst, long position) {
        if (!dst.hasRemaining()) {
            task.complete(0);
            return;
        }
        ByteBuffer staging = staging(task);
        if (staging == null) {
            return;
        }
        staging.limit(Math.min(staging.capacity(), dst.remaining()));
        submit(task, new IoRequest().read(handle, staging, position), staging, r -> {
            int n = r.result();
            if (n == 0) {
                task.complete(-1);
            } else {
                staging.limit(n);
                dst.put(staging);
                task.complete(n);
            }
        });
    }

    @Override
    public Task<ByteBuffer> readAll(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("readAll(" + maxBytes + "): the limit must be >= 0");
        }
        LoopTask<ByteBuffer> task = new LoopTask<>(loop);
        loop.run(() -> readMore(task, ByteBuffer.allocate(Math.min(maxBytes, 8192) + 1), maxBytes), task);
        return task;
    }

    /** Reads until the end of the file; one byte of room beyond the limit tells a file that is too long. */
    private void readMore(LoopTask<ByteBuffer> task, ByteBuffer acc, int maxBytes) {
        if (!acc.hasRemaining()) {
            if (acc.capacity() > maxBytes) {
                task.completeExceptionally(new IOException(path + " has more than " + maxBytes
                        + " bytes, the limit of this readAll"));
                return;
            }
            acc = ByteBuffer.allocate((int) Math.min(maxBytes + 1L, 2L * acc.capacity())).put(acc.flip());
        }
        ByteBuffer buf = acc;
        LoopTask<Integer> step = new LoopTask<>(loop);
        task.onCancel(() -> step.cancel());
        readOnce(step, buf, buf.position());
        step.whenComplete((n, failure) -> {
            if (failure != null) {
                task.completeExceptionally(failure);
            } else if (n < 0) {
                task.complete(buf.flip());
            } else if (!task.isDone()) {
                readMore(task, buf, maxBytes);
            }
        });
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Task<Integer> write(ByteBuffer src, long position) {
        Objects.requireNonNull(src, "src");
        checkPosition(position);
        LoopTask<Integer> task = new LoopTask<>(loop);
        loop.run(() -> writeOnce(task, src, position), task);
        return task;
    }

    private void writeOnce(LoopTask<Integer> task, ByteBuffer src, long position) {
        if (!src.hasRemaining()) {
            task.complete(0);
            return;
        }
        ByteBuffer staging = staging(task);
        if (staging == null) {
            return;
        }
        int n = Math.min(staging.capacity(), src.remaining());
        staging.put(0, src, src.position(), n).limit(n);
        submit(task, new IoRequest().write(handle, staging, position), staging, r -> {
            src.position(src.position() + r.result());
            task.complete(r.result());
        });
    }

    @Override
    public Task<Void> writeAll(ByteBuffer src, long position) {
        Objects.requireNonNull(src, "src");
        checkPosition(position);
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> writeRest(task, src, position), task);
        return task;
    }

    private void writeRest(LoopTask<Void> task, ByteBuffer src, long position) {
        if (!src.hasRemaining()) {
            task.complete(null);
            return;
        }
        LoopTask<Integer> step = new LoopTask<>(loop);
        task.onCancel(() -> step.cancel());
        writeOnce(step, src, position);
        step.whenComplete((n, failure) -> {
            if (failure != null) {
                task.completeExceptionally(failure);
            } else if (!task.isDone()) {
                writeRest(task, src, position + n);
            }
        });
    }

    // ------------------------------------------------------------------ the rest

    @Override
    public Task<Void> sync(boolean metadata) {
        LoopTask<Void> task = new LoopTask<>(loop);
        loop.run(() -> submit(task, new IoRequest().fsync(handle, !metadata), null, r -> task.complete(null)), task);
        return task;
    }

    @Override
    public Task<Long> size() {
        LoopTask<Long> task = new LoopTask<>(loop);
        loop.run(() -> {
            if (!isOpen()) {
                task.completeExceptionally(closed());
                return;
            }
            LoopTask<Long> call = blocking.submit(loop, () -> Files.size(path));
            task.onCancel(call::cancel);
            call.whenComplete((v, e) -> {
                if (e != null) {
                    task.completeExceptionally(e);
                } else {
                    task.complete(v);
                }
            });
        }, task);
        return task;
    }

    /**
     * Submits {@code request}; on success runs {@code onSuccess}, else fails {@code task}. Returns the staging buffer
     * to the pool on completion (never earlier: the kernel may still be using it after a cancel).
     */
    private void submit(LoopTask<?> task, IoRequest request, ByteBuffer staging, IoCompletion onSuccess) {
        if (!isOpen() || task.isDone()) {
            if (staging != null) {
                loop.buffers().release(staging);
            }
            task.completeExceptionally(closed());
            return;
        }
        request.attachment((IoCompletion) r -> {
            try {
                if (r.result() >= 0) {
                    onSuccess.onIoComplete(r);
                } else if (r.result() == -Errno.ECANCELED) {
                    task.completeExceptionally(isOpen() ? new java.util.concurrent.CancellationException()
                            : closed());
                } else {
                    task.completeExceptionally(Errno.toException(r.result(), r.op().name().toLowerCase()
                            + " " + path));
                }
            } finally {
                if (staging != null) {
                    loop.buffers().release(staging);
                }
            }
        });
        loop.submit(request);
        task.onCancel(() -> {
            if (request.isSubmitted()) {
                Connections.cancel(loop, request);
            }
        });
    }

    private IOException closed() {
        return closeCause != null ? closeCause : new AsynchronousCloseException();
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("file position " + position + " is negative");
        }
    }

    @Override
    protected void failPending(IOException cause) {
        closeCause = cause; // requests in flight complete through the driver's CLOSE
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + (isOpen() ? "" : ", closed") + "]";
    }
}
