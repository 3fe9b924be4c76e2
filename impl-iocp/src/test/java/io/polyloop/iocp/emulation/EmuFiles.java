package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.polyloop.iocp.WinConstants.*;

/**
 * kernel32's file calls emulated over Linux files: CreateFileW (overlapped handles only), ReadFile/WriteFile with the
 * offset in the OVERLAPPED, FlushFileBuffers. Every other read or write completes at once (KB156932, see
 * {@link EmuFile}); the rest run on one worker thread and complete with a packet. Thread safe: the kernel's lock
 * guards the table and the call counter.
 */
final class EmuFiles {
    private final EmuKernel k;
    private final ExecutorService fileWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulated-iocp-files");
        t.setDaemon(true);
        return t;
    });
    private long fileCalls;

    EmuFiles(EmuKernel kernel) {
        this.k = kernel;
    }

    long CreateFileW(long path, int access, int share, long security, int disposition, int flags, long template) {
        if ((flags & FILE_FLAG_OVERLAPPED) == 0) {
            return k.failHandle(ERROR_INVALID_PARAMETER); // the emulation has overlapped handles only
        }
        Path p = Path.of(Mem.wideString(path));
        boolean write = (access & (GENERIC_WRITE | FILE_WRITE_DATA)) != 0;
        boolean append = (access & FILE_APPEND_DATA) != 0;
        Set<OpenOption> o = new HashSet<>();
        if ((access & GENERIC_READ) != 0) {
            o.add(StandardOpenOption.READ);
        }
        if (write || append) {
            o.add(StandardOpenOption.WRITE);
        }
        switch (disposition) {
            case CREATE_NEW: o.add(StandardOpenOption.CREATE_NEW); break;
            case CREATE_ALWAYS: o.add(StandardOpenOption.CREATE); o.add(StandardOpenOption.TRUNCATE_EXISTING); break;
            case OPEN_ALWAYS: o.add(StandardOpenOption.CREATE); break;
            case TRUNCATE_EXISTING: o.add(StandardOpenOption.TRUNCATE_EXISTING); break;
            case OPEN_EXISTING: break;
            default: return k.failHandle(ERROR_INVALID_PARAMETER);
        }
        try {
            FileChannel ch = FileChannel.open(p, o);
            synchronized (k.lock) {
                return k.newHandle(h -> new EmuFile(h, ch, write || append, append && !write));
            }
        } catch (NoSuchFileException e) {
            return k.failHandle(ERROR_FILE_NOT_FOUND);
        } catch (FileAlreadyExistsException e) {
            return k.failHandle(ERROR_FILE_EXISTS);
        } catch (AccessDeniedException e) {
            return k.failHandle(ERROR_ACCESS_DENIED);
        } catch (IOException e) {
            return k.failHandle(ERROR_INVALID_PARAMETER);
        }
    }

    int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return fileCall(handle, EmuOp.Kind.READ, buffer, length, overlapped);
    }

    int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return fileCall(handle, EmuOp.Kind.WRITE, buffer, length, overlapped);
    }

    private int fileCall(long handle, EmuOp.Kind kind, long buffer, int length, long overlapped) {
        EmuFile f;
        EmuOp op = new EmuOp(kind, overlapped);
        op.fileBuffer = buffer;
        op.fileLength = length;
        int lo = Mem.getInt(overlapped + 16);
        int hi = Mem.getInt(overlapped + 20);
        op.append = kind == EmuOp.Kind.WRITE && lo == APPEND_OFFSET && hi == APPEND_OFFSET; // WriteFile page
        op.offset = (hi & 0xFFFFFFFFL) << 32 | lo & 0xFFFFFFFFL;
        boolean atOnce;
        synchronized (k.lock) {
            Object o = k.object(handle);
            if (!(o instanceof EmuFile)) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            f = (EmuFile) o;
            if (kind == EmuOp.Kind.WRITE && !f.writable) {
                return k.fail(ERROR_ACCESS_DENIED);
            }
            Mem.putLong(overlapped, STATUS_PENDING);
            atOnce = k.config.completeAtOnce() && (fileCalls++ & 1) == 1;
        }
        if (kind == EmuOp.Kind.READ) {
            try {
                if (op.offset >= f.channel.size()) {
                    return k.fail(ERROR_HANDLE_EOF); // ReadFile page: at end of file, FALSE and ERROR_HANDLE_EOF at once
                }
            } catch (IOException e) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
        }
        if (atOnce) {
            int n = runFile(f, op);
            if (n >= 0) {
                synchronized (k.lock) {
                    k.complete(f, op, STATUS_SUCCESS, n, true);
                }
                return 1;
            }
        }
        fileWorker.execute(() -> {
            int n = runFile(f, op);
            synchronized (k.lock) {
                k.complete(f, op, n >= 0 ? STATUS_SUCCESS : n == -1 ? STATUS_END_OF_FILE : STATUS_INVALID_HANDLE,
                        Math.max(n, 0), false);
            }
        });
        return k.fail(ERROR_IO_PENDING);
    }

    /** @return bytes, -1 at end of file, -2 on failure */
    private static int runFile(EmuFile f, EmuOp op) {
        try {
            return f.perform(op);
        } catch (IOException e) {
            return -2;
        }
    }

    int FlushFileBuffers(long handle) {
        EmuFile f;
        synchronized (k.lock) {
            Object o = k.object(handle);
            if (!(o instanceof EmuFile)) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            f = (EmuFile) o;
        }
        if (!f.writable) {
            return k.fail(ERROR_ACCESS_DENIED); // FlushFileBuffers page: the handle needs GENERIC_WRITE
        }
        try {
            f.channel.force(true);
            return 1;
        } catch (IOException e) {
            return k.fail(ERROR_INVALID_HANDLE);
        }
    }

    void shutdown() {
        fileWorker.shutdown();
    }
}
