package io.polyloop.iocp;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.polyloop.posix.NativeHolds;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Win32} on Windows: kernel32, ntdll and ws2_32 bound with JNA direct mapping (static natives, primitive
 * arguments, pointers as {@code long}), so a call allocates nothing. JNA saves GetLastError() after every call on the
 * calling thread, before the JVM can run anything that would overwrite it; {@link #lastError()} reads that copy.
 *
 * <p>AcceptEx and ConnectEx are called through the function pointers WSAIoctl returned, with a JNA {@link Function}:
 * that boxes the arguments, once per connection rather than per byte.
 *
 * <p>Loading this class binds the three DLLs and throws {@link UnsatisfiedLinkError} anywhere but Windows. Thread safe.
 *
 * <p>Bound through {@link IocpBackendProvider#BINDINGS}: each completion port made here holds them until it is closed
 * here, so that a port a stopped bundle's loop still runs keeps its natives and the bindings go (and the class loader
 * with them) once the last one is closed.
 */
public final class JnaWin32 implements Win32 {
    private final ConcurrentHashMap<Long, Function> extensions = new ConcurrentHashMap<>();
    /** The completion ports open, each holding the backend's bindings. */
    private final NativeHolds ports = new NativeHolds(IocpBackendProvider.BINDINGS);

    /** @throws UnsatisfiedLinkError if the DLLs cannot be bound (not Windows) */
    public JnaWin32() {
        Kernel32.load();
        Ws2_32.load();
        NtDll.load();
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }

    @Override
    public long CreateIoCompletionPort(long fileHandle, long existingPort, long completionKey, int threads) {
        if (fileHandle != WinConstants.INVALID_HANDLE_VALUE) {
            return Kernel32.CreateIoCompletionPort(fileHandle, existingPort, completionKey, threads);
        }
        return ports.open(() -> Kernel32.CreateIoCompletionPort(fileHandle, existingPort, completionKey, threads),
                port -> port != 0); // a new port
    }

    @Override
    public int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis, int alertable) {
        return Kernel32.GetQueuedCompletionStatusEx(port, entries, count, removedPtr, millis, alertable);
    }

    @Override
    public int PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped) {
        return Kernel32.PostQueuedCompletionStatus(port, bytes, completionKey, overlapped);
    }

    @Override
    public int CancelIoEx(long handle, long overlapped) {
        return Kernel32.CancelIoEx(handle, overlapped);
    }

    @Override
    public int CloseHandle(long handle) {
        int r = Kernel32.CloseHandle(handle);
        ports.closed(handle);
        return r;
    }

    @Override
    public int SetFileCompletionNotificationModes(long handle, byte flags) {
        return Kernel32.SetFileCompletionNotificationModes(handle, flags);
    }

    @Override
    public int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait) {
        return Kernel32.GetOverlappedResult(handle, overlapped, bytesPtr, wait);
    }

    @Override
    public long CreateFileW(long path, int access, int share, long security, int disposition, int flags, long template) {
        return Kernel32.CreateFileW(path, access, share, security, disposition, flags, template);
    }

    @Override
    public int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return Kernel32.ReadFile(handle, buffer, length, bytesPtr, overlapped);
    }

    @Override
    public int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return Kernel32.WriteFile(handle, buffer, length, bytesPtr, overlapped);
    }

    @Override
    public int FlushFileBuffers(long handle) {
        return Kernel32.FlushFileBuffers(handle);
    }

    @Override
    public int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length, int infoClass) {
        return NtDll.NtSetInformationFile(handle, ioStatusBlock, information, length, infoClass);
    }

    @Override
    public int WSAStartup(short version, long wsaData) {
        return Ws2_32.WSAStartup(version, wsaData);
    }

    @Override
    public long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags) {
        return Ws2_32.WSASocketW(af, type, protocol, protocolInfo, group, flags);
    }

    @Override
    public int bind(long socket, long addr, int addrLen) {
        return Ws2_32.bind(socket, addr, addrLen);
    }

    @Override
    public int listen(long socket, int backlog) {
        return Ws2_32.listen(socket, backlog);
    }

    @Override
    public int connect(long socket, long addr, int addrLen) {
        return Ws2_32.connect(socket, addr, addrLen);
    }

    @Override
    public int closesocket(long socket) {
        return Ws2_32.closesocket(socket);
    }

    @Override
    public int shutdown(long socket, int how) {
        return Ws2_32.shutdown(socket, how);
    }

    @Override
    public int getsockname(long socket, long addr, long addrLenPtr) {
        return Ws2_32.getsockname(socket, addr, addrLenPtr);
    }

    @Override
    public int getpeername(long socket, long addr, long addrLenPtr) {
        return Ws2_32.getpeername(socket, addr, addrLenPtr);
    }

    @Override
    public int setsockopt(long socket, int level, int name, long value, int valueLen) {
        return Ws2_32.setsockopt(socket, level, name, value, valueLen);
    }

    @Override
    public int getsockopt(long socket, int level, int name, long value, long valueLenPtr) {
        return Ws2_32.getsockopt(socket, level, name, value, valueLenPtr);
    }

    @Override
    public int WSAIoctl(long socket, int code, long in, int inLen, long out, int outLen, long bytesReturnedPtr,
                        long overlapped, long completionRoutine) {
        return Ws2_32.WSAIoctl(socket, code, in, inLen, out, outLen, bytesReturnedPtr, overlapped, completionRoutine);
    }

    @Override
    public int WSARecv(long socket, long buffers, int count, long bytesPtr, long flagsPtr, long overlapped, long routine) {
        return Ws2_32.WSARecv(socket, buffers, count, bytesPtr, flagsPtr, overlapped, routine);
    }

    @Override
    public int WSASend(long socket, long buffers, int count, long bytesPtr, int flags, long overlapped, long routine) {
        return Ws2_32.WSASend(socket, buffers, count, bytesPtr, flags, overlapped, routine);
    }

    @Override
    public int WSARecvFrom(long socket, long buffers, int count, long bytesPtr, long flagsPtr, long from,
                           long fromLenPtr, long overlapped, long routine) {
        return Ws2_32.WSARecvFrom(socket, buffers, count, bytesPtr, flagsPtr, from, fromLenPtr, overlapped, routine);
    }

    @Override
    public int WSASendTo(long socket, long buffers, int count, long bytesPtr, int flags, long to, int toLen,
                         long overlapped, long routine) {
        return Ws2_32.WSASendTo(socket, buffers, count, bytesPtr, flags, to, toLen, overlapped, routine);
    }

    @Override
    public int WSAGetOverlappedResult(long socket, long overlapped, long bytesPtr, int wait, long flagsPtr) {
        return Ws2_32.WSAGetOverlappedResult(socket, overlapped, bytesPtr, wait, flagsPtr);
    }

    @Override
    public int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveLength,
                        int localLength, int remoteLength, long bytesReceivedPtr, long overlapped) {
        return extension(function).invokeInt(new Object[] {listenSocket, acceptSocket, outputBuffer, receiveLength,
                localLength, remoteLength, bytesReceivedPtr, overlapped});
    }

    @Override
    public int ConnectEx(long function, long socket, long name, int nameLen, long sendBuffer, int sendLength,
                         long bytesSentPtr, long overlapped) {
        return extension(function).invokeInt(new Object[] {socket, name, nameLen, sendBuffer, sendLength,
                bytesSentPtr, overlapped});
    }

    private Function extension(long address) {
        // Win64 has one calling convention; WINAPI (stdcall) only matters on 32-bit x86, which this backend excludes
        return extensions.computeIfAbsent(address, a -> Function.getFunction(new Pointer(a), Function.C_CONVENTION));
    }

    /** kernel32.dll. */
    static final class Kernel32 {
        static {
            IocpBackendProvider.BINDINGS.bind(Kernel32.class, "kernel32");
        }

        private Kernel32() {
        }

        static void load() {
            // the static initialiser did the work
        }

        static native long CreateIoCompletionPort(long fileHandle, long existingPort, long key, int threads);

        static native int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis,
                                                      int alertable);

        static native int PostQueuedCompletionStatus(long port, int bytes, long key, long overlapped);

        static native int CancelIoEx(long handle, long overlapped);

        static native int CloseHandle(long handle);

        static native int SetFileCompletionNotificationModes(long handle, byte flags);

        static native int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait);

        static native long CreateFileW(long path, int access, int share, long security, int disposition, int flags,
                                       long template);

        static native int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped);

        static native int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped);

        static native int FlushFileBuffers(long handle);
    }

    /** ntdll.dll: only to move a handle between completion ports (hot swap). */
    static final class NtDll {
        static {
            IocpBackendProvider.BINDINGS.bind(NtDll.class, "ntdll");
        }

        private NtDll() {
        }

        static void load() {
            // the static initialiser did the work
        }

        static native int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length,
                                               int informationClass);
    }

    /** ws2_32.dll. */
    static final class Ws2_32 {
        static {
            IocpBackendProvider.BINDINGS.bind(Ws2_32.class, "ws2_32");
        }

        private Ws2_32() {
        }

        static void load() {
            // the static initialiser did the work
        }

        static native int WSAStartup(short version, long wsaData);

        static native long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags);

        static native int bind(long socket, long addr, int addrLen);

        static native int listen(long socket, int backlog);

        static native int connect(long socket, long addr, int addrLen);

        static native int closesocket(long socket);

        static native int shutdown(long socket, int how);

        static native int getsockname(long socket, long addr, long addrLenPtr);

        static native int getpeername(long socket, long addr, long addrLenPtr);

        static native int setsockopt(long socket, int level, int name, long value, int valueLen);

        static native int getsockopt(long socket, int level, int name, long value, long valueLenPtr);

        static native int WSAIoctl(long socket, int code, long in, int inLen, long out, int outLen,
                                   long bytesReturnedPtr, long overlapped, long completionRoutine);

        static native int WSARecv(long socket, long buffers, int count, long bytesPtr, long flagsPtr, long overlapped,
                                  long completionRoutine);

        static native int WSASend(long socket, long buffers, int count, long bytesPtr, int flags, long overlapped,
                                  long completionRoutine);

        static native int WSARecvFrom(long socket, long buffers, int count, long bytesPtr, long flagsPtr, long from,
                                      long fromLenPtr, long overlapped, long completionRoutine);

        static native int WSASendTo(long socket, long buffers, int count, long bytesPtr, int flags, long to, int toLen,
                                    long overlapped, long completionRoutine);

        static native int WSAGetOverlappedResult(long socket, long overlapped, long bytesPtr, int wait, long flagsPtr);
    }
}
