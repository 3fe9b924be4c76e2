package io.polyloop.iocp.emulation;

import io.polyloop.iocp.Win32;

/**
 * kernel32, ntdll and ws2_32 emulated over Linux sockets and files, for running the IOCP backend on Linux. Native
 * memory is real: every OVERLAPPED, WSABUF, sockaddr, GUID and OVERLAPPED_ENTRY is read and written at the address the
 * driver passed, in the Win64 layout. The completion semantics follow the Microsoft pages named where they apply, by
 * part: {@link EmuKernel} (handle table, OVERLAPPED and packet writing, error mapping), {@link EmuPorts} (completion
 * ports, CancelIoEx, CloseHandle, NtSetInformationFile), {@link EmuFiles} (CreateFileW, ReadFile, WriteFile,
 * FlushFileBuffers), {@link EmuWinsockSetup} and {@link EmuSocketOptions} (synchronous socket calls),
 * {@link EmuWinsockIo} (overlapped socket calls, AcceptEx, ConnectEx, WSAIoctl). Socket and file specifics are in
 * {@link EmuSocket} and {@link EmuFile}. Thread safe: one lock guards the kernel.
 */
public final class EmulatedWin32 implements Win32 {
    /** How the emulated Windows behaves. */
    public record Config(boolean completeAtOnce, boolean ifsHandles) {
        /** Calls complete at once when they can; sockets are IFS handles (no layered provider installed). */
        public static Config windows() {
            return new Config(true, true);
        }

        /** A non-IFS layered service provider: the backend must not skip packets, so every call queues one. */
        public static Config layeredProvider() {
            return new Config(true, false);
        }
    }

    private final EmuKernel kernel;
    private final EmuPorts ports;
    private final EmuFiles files;
    private final EmuWinsockSetup setup;
    private final EmuSocketOptions options;
    private final EmuWinsockIo io;

    public EmulatedWin32(Config config) {
        this.kernel = new EmuKernel(config);
        this.ports = new EmuPorts(kernel);
        this.files = new EmuFiles(kernel);
        this.setup = new EmuWinsockSetup(kernel);
        this.options = new EmuSocketOptions(kernel);
        this.io = new EmuWinsockIo(kernel);
    }

    public EmulatedWin32() {
        this(Config.windows());
    }

    /** Completion packets queued so far (posted ones included). */
    public long packetsQueued() {
        return kernel.packets.get();
    }

    /** Calls that succeeded at once on a handle with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, so queued no packet. */
    public long packetsSkipped() {
        return kernel.skipped.get();
    }

    /** Stops the emulated kernel's threads (tests that make many emulations call it). */
    public void shutdown() {
        kernel.reactor.stop();
        files.shutdown();
    }

    @Override
    public int lastError() {
        return kernel.lastError();
    }

    // ------------------------------------------------------------------ kernel32: ports, ntdll

    @Override
    public long CreateIoCompletionPort(long fileHandle, long existingPort, long key, int threads) {
        return ports.CreateIoCompletionPort(fileHandle, existingPort, key, threads);
    }

    @Override
    public int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis, int alertable) {
        return ports.GetQueuedCompletionStatusEx(port, entries, count, removedPtr, millis, alertable);
    }

    @Override
    public int PostQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        return ports.PostQueuedCompletionStatus(port, bytes, key, overlapped);
    }

    @Override
    public int CancelIoEx(long handle, long overlapped) {
        return ports.CancelIoEx(handle, overlapped);
    }

    @Override
    public int CloseHandle(long handle) {
        return ports.CloseHandle(handle);
    }

    @Override
    public int SetFileCompletionNotificationModes(long handle, byte flags) {
        return ports.SetFileCompletionNotificationModes(handle, flags);
    }

    @Override
    public int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait) {
        return ports.GetOverlappedResult(handle, overlapped, bytesPtr, wait);
    }

    @Override
    public int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length, int infoClass) {
        return ports.NtSetInformationFile(handle, ioStatusBlock, information, length, infoClass);
    }

    // ------------------------------------------------------------------ kernel32: files

    @Override
    public long CreateFileW(long path, int access, int share, long security, int disposition, int flags, long template) {
        return files.CreateFileW(path, access, share, security, disposition, flags, template);
    }

    @Override
    public int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return files.ReadFile(handle, buffer, length, bytesPtr, overlapped);
    }

    @Override
    public int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return files.WriteFile(handle, buffer, length, bytesPtr, overlapped);
    }

    @Override
    public int FlushFileBuffers(long handle) {
        return files.FlushFileBuffers(handle);
    }

    // ------------------------------------------------------------------ ws2_32: setup, names, options

    @Override
    public int WSAStartup(short version, long wsaData) {
        return setup.WSAStartup(version, wsaData);
    }

    @Override
    public long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags) {
        return setup.WSASocketW(af, type, protocol, protocolInfo, group, flags);
    }

    @Override
    public int bind(long s, long addr, int addrLen) {
        return setup.bind(s, addr, addrLen);
    }

    @Override
    public int listen(long s, int backlog) {
        return setup.listen(s, backlog);
    }

    @Override
    public int connect(long s, long addr, int addrLen) {
        return setup.connect(s, addr, addrLen);
    }

    @Override
    public int closesocket(long s) {
        return setup.closesocket(s);
    }

    @Override
    public int shutdown(long s, int how) {
        return setup.shutdown(s, how);
    }

    @Override
    public int getsockname(long s, long addr, long addrLenPtr) {
        return setup.getsockname(s, addr, addrLenPtr);
    }

    @Override
    public int getpeername(long s, long addr, long addrLenPtr) {
        return setup.getpeername(s, addr, addrLenPtr);
    }

    @Override
    public int setsockopt(long s, int level, int name, long value, int valueLen) {
        return options.setsockopt(s, level, name, value, valueLen);
    }

    @Override
    public int getsockopt(long s, int level, int name, long value, long valueLenPtr) {
        return options.getsockopt(s, level, name, value, valueLenPtr);
    }

    // ------------------------------------------------------------------ ws2_32: overlapped I/O

    @Override
    public int WSAIoctl(long s, int code, long in, int inLen, long out, int outLen, long bytesReturnedPtr,
                        long overlapped, long completionRoutine) {
        return io.WSAIoctl(s, code, in, inLen, out, outLen, bytesReturnedPtr, overlapped, completionRoutine);
    }

    @Override
    public int WSARecv(long s, long buffers, int count, long bytesPtr, long flagsPtr, long overlapped, long routine) {
        return io.WSARecv(s, buffers, count, bytesPtr, flagsPtr, overlapped, routine);
    }

    @Override
    public int WSASend(long s, long buffers, int count, long bytesPtr, int flags, long overlapped, long routine) {
        return io.WSASend(s, buffers, count, bytesPtr, flags, overlapped, routine);
    }

    @Override
    public int WSARecvFrom(long s, long buffers, int count, long bytesPtr, long flagsPtr, long from, long fromLenPtr,
                           long overlapped, long routine) {
        return io.WSARecvFrom(s, buffers, count, bytesPtr, flagsPtr, from, fromLenPtr, overlapped, routine);
    }

    @Override
    public int WSASendTo(long s, long buffers, int count, long bytesPtr, int flags, long to, int toLen,
                         long overlapped, long routine) {
        return io.WSASendTo(s, buffers, count, bytesPtr, flags, to, toLen, overlapped, routine);
    }

    @Override
    public int WSAGetOverlappedResult(long s, long overlapped, long bytesPtr, int wait, long flagsPtr) {
        return io.WSAGetOverlappedResult(s, overlapped, bytesPtr, wait, flagsPtr);
    }

    @Override
    public int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveLength,
                        int localLength, int remoteLength, long bytesReceivedPtr, long overlapped) {
        return io.AcceptEx(function, listenSocket, acceptSocket, outputBuffer, receiveLength, localLength,
                remoteLength, bytesReceivedPtr, overlapped);
    }

    @Override
    public int ConnectEx(long function, long s, long name, int nameLen, long sendBuffer, int sendLength,
                         long bytesSentPtr, long overlapped) {
        return io.ConnectEx(function, s, name, nameLen, sendBuffer, sendLength, bytesSentPtr, overlapped);
    }
}
