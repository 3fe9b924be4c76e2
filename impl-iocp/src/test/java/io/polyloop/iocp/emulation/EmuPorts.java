package io.polyloop.iocp.emulation;

import java.io.IOException;

import static io.polyloop.iocp.WinConstants.*;

/**
 * kernel32's completion port calls, handle closing and cancelling, and ntdll's completion re-association, emulated:
 * <ul>
 *   <li>CreateIoCompletionPort page: a handle joins one port; a second association fails with
 *   ERROR_INVALID_PARAMETER. FILE_COMPLETION_INFORMATION page: NtSetInformationFile(FileReplaceCompletionInformation)
 *   with a null port removes the association.</li>
 *   <li>CancelIoEx page: a call that already completed is not found (ERROR_NOT_FOUND) and its packet stands; a
 *   cancelled one completes with STATUS_CANCELLED, which GetOverlappedResult reports as ERROR_OPERATION_ABORTED.</li>
 *   <li>GetQueuedCompletionStatusEx page: FALSE with WAIT_TIMEOUT when nothing came in time.</li>
 * </ul>
 * Thread safe: the kernel's lock guards the table; a port is thread safe itself.
 */
final class EmuPorts {
    private final EmuKernel k;

    EmuPorts(EmuKernel kernel) {
        this.k = kernel;
    }

    long CreateIoCompletionPort(long fileHandle, long existingPort, long key, int threads) {
        synchronized (k.lock) {
            if (fileHandle == INVALID_HANDLE_VALUE && existingPort == 0) {
                return k.newHandle(EmuPort::new);
            }
            Object port = k.object(existingPort);
            Object o = k.object(fileHandle);
            if (!(port instanceof EmuPort) || !(o instanceof EmuObject)) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            EmuObject target = (EmuObject) o;
            if (target.port != null) {
                return k.fail(ERROR_INVALID_PARAMETER); // one port per handle
            }
            target.port = (EmuPort) port;
            target.key = key;
            return existingPort;
        }
    }

    int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis, int alertable) {
        EmuPort p;
        synchronized (k.lock) {
            Object o = k.object(port);
            if (!(o instanceof EmuPort)) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            p = (EmuPort) o;
        }
        try {
            int n = p.take(entries, count, millis == INFINITE ? -1 : millis);
            if (n == 0) {
                return k.fail(WAIT_TIMEOUT);
            }
            Mem.putInt(removedPtr, n);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return k.fail(WAIT_TIMEOUT);
        }
    }

    int PostQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        Object o;
        synchronized (k.lock) {
            o = k.object(port);
        }
        if (!(o instanceof EmuPort) || !((EmuPort) o).post(key, overlapped, bytes)) {
            return k.fail(ERROR_INVALID_HANDLE);
        }
        k.packets.incrementAndGet();
        return 1;
    }

    int CancelIoEx(long handle, long overlapped) {
        synchronized (k.lock) {
            Object o = k.object(handle);
            if (o == null) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            // file calls already run on the worker: "other operations can continue toward completion" (CancelIoEx)
            int n = o instanceof EmuSocket ? ((EmuSocket) o).cancel(overlapped) : 0;
            return n > 0 ? 1 : k.fail(ERROR_NOT_FOUND);
        }
    }

    int CloseHandle(long handle) {
        synchronized (k.lock) {
            Object o = k.remove(handle);
            if (o instanceof EmuPort) {
                ((EmuPort) o).close();
                return 1;
            }
            if (o instanceof EmuFile) {
                try {
                    ((EmuFile) o).channel.close();
                } catch (IOException ignored) {
                    // the handle is gone either way
                }
                return 1;
            }
            if (o instanceof EmuSocket) {
                ((EmuSocket) o).close();
                return 1;
            }
            return k.fail(ERROR_INVALID_HANDLE);
        }
    }

    int SetFileCompletionNotificationModes(long handle, byte flags) {
        synchronized (k.lock) {
            Object o = k.object(handle);
            if (!(o instanceof EmuObject)) {
                return k.fail(ERROR_INVALID_HANDLE);
            }
            ((EmuObject) o).skipOnSuccess = (flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) != 0;
            return 1;
        }
    }

    int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait) {
        int status = Mem.getInt(overlapped);
        if (status == STATUS_PENDING) {
            return k.fail(996); // ERROR_IO_INCOMPLETE: the backend never waits here
        }
        Mem.putInt(bytesPtr, (int) Mem.getLong(overlapped + 8));
        return ntSuccess(status) ? 1 : k.fail(EmuKernel.win32Error(status));
    }

    /** ntdll; FileReplaceCompletionInformation only. @return an NTSTATUS */
    int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length, int infoClass) {
        if (infoClass != FILE_REPLACE_COMPLETION_INFORMATION || length < 16) {
            return 0xC0000003; // STATUS_INVALID_INFO_CLASS
        }
        synchronized (k.lock) {
            Object o = k.object(handle);
            if (!(o instanceof EmuObject)) {
                return STATUS_INVALID_HANDLE;
            }
            long port = Mem.getLong(information);
            EmuObject target = (EmuObject) o;
            if (port == 0) {
                target.port = null;
                target.key = 0;
            } else if (k.object(port) instanceof EmuPort) {
                target.port = (EmuPort) k.object(port);
                target.key = Mem.getLong(information + 8);
            } else {
                return STATUS_INVALID_HANDLE;
            }
            Mem.putLong(ioStatusBlock, 0);
            Mem.putLong(ioStatusBlock + 8, 0);
            return STATUS_SUCCESS;
        }
    }
}
