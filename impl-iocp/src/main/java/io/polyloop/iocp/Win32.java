package io.polyloop.iocp;

/**
 * Every native call of the backend: kernel32, ntdll and ws2_32, with the C names and argument order of the SDK.
 * Pointers, HANDLEs and SOCKETs are {@code long} (64-bit on Win64), DWORD/ULONG/BOOL/int are {@code int}; a BOOL
 * function returns nonzero on success. After a failure {@link #lastError()} is GetLastError()/WSAGetLastError() of
 * the calling thread.
 *
 * <p>{@link JnaWin32} is the implementation on Windows (JNA direct mapping). Tests implement it with an emulation over
 * Linux sockets, so the driver above runs unchanged on both. Implementations are thread safe.
 */
public interface Win32 {

    /** GetLastError(), which WSAGetLastError() also returns, saved right after the last call on this thread. */
    int lastError();

    // ------------------------------------------------------------------ kernel32: completion ports

    /** @return the port (a new one when {@code fileHandle} is INVALID_HANDLE_VALUE and {@code existingPort} 0), or 0 */
    long CreateIoCompletionPort(long fileHandle, long existingPort, long completionKey, int concurrentThreads);

    /** @return BOOL; FALSE with WAIT_TIMEOUT when nothing arrived in time */
    int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis, int alertable);

    int PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped);

    /** @param overlapped 0 cancels every request the calling process issued on the handle */
    int CancelIoEx(long handle, long overlapped);

    int CloseHandle(long handle);

    int SetFileCompletionNotificationModes(long handle, byte flags);

    int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait);

    // ------------------------------------------------------------------ kernel32: files

    /** @param path a NUL-terminated UTF-16LE string; @return the HANDLE or INVALID_HANDLE_VALUE */
    long CreateFileW(long path, int access, int share, long security, int disposition, int flags, long template);

    int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped);

    int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped);

    int FlushFileBuffers(long handle);

    // ------------------------------------------------------------------ ntdll

    /** @return an NTSTATUS (0 on success) */
    int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length, int informationClass);

    // ------------------------------------------------------------------ ws2_32

    /** @return 0 or a Winsock error code (WSAStartup does not set the last error) */
    int WSAStartup(short version, long wsaData);

    long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags);

    int bind(long socket, long addr, int addrLen);

    int listen(long socket, int backlog);

    /** Used for UDP only: it sets the default peer at once, no handshake (connect page, connectionless sockets). */
    int connect(long socket, long addr, int addrLen);

    int closesocket(long socket);

    int shutdown(long socket, int how);

    int getsockname(long socket, long addr, long addrLenPtr);

    int getpeername(long socket, long addr, long addrLenPtr);

    int setsockopt(long socket, int level, int name, long value, int valueLen);

    int getsockopt(long socket, int level, int name, long value, long valueLenPtr);

    int WSAIoctl(long socket, int code, long in, int inLen, long out, int outLen, long bytesReturnedPtr,
                 long overlapped, long completionRoutine);

    int WSARecv(long socket, long buffers, int bufferCount, long bytesPtr, long flagsPtr, long overlapped,
                long completionRoutine);

    int WSASend(long socket, long buffers, int bufferCount, long bytesPtr, int flags, long overlapped,
                long completionRoutine);

    int WSARecvFrom(long socket, long buffers, int bufferCount, long bytesPtr, long flagsPtr, long from,
                    long fromLenPtr, long overlapped, long completionRoutine);

    int WSASendTo(long socket, long buffers, int bufferCount, long bytesPtr, int flags, long to, int toLen,
                  long overlapped, long completionRoutine);

    int WSAGetOverlappedResult(long socket, long overlapped, long bytesPtr, int wait, long flagsPtr);

    // ------------------------------------------------------------------ mswsock extensions, through WSAIoctl pointers

    /** Calls the AcceptEx found with SIO_GET_EXTENSION_FUNCTION_POINTER at {@code function}. @return BOOL */
    int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveLength,
                 int localAddressLength, int remoteAddressLength, long bytesReceivedPtr, long overlapped);

    /** Calls the ConnectEx found with SIO_GET_EXTENSION_FUNCTION_POINTER at {@code function}. @return BOOL */
    int ConnectEx(long function, long socket, long name, int nameLen, long sendBuffer, int sendLength,
                  long bytesSentPtr, long overlapped);
}
