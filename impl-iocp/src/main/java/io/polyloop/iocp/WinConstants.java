package io.polyloop.iocp;

/**
 * Every Windows constant the backend (and its test emulation) uses, in one place, with the SDK header it comes from.
 * Values are those of the Windows 10/11 SDK (10.0.22621); none of them changed since Windows Vista.
 */
public final class WinConstants {
    private WinConstants() {
    }

    // ------------------------------------------------------------------ handles and ports (WinBase.h, handleapi.h)
    public static final long INVALID_HANDLE_VALUE = -1L;
    /** winsock2.h: {@code (SOCKET)(~0)}. */
    public static final long INVALID_SOCKET = -1L;
    public static final int SOCKET_ERROR = -1;
    /** WinBase.h: wait forever (a DWORD, 0xFFFFFFFF). */
    public static final int INFINITE = 0xFFFFFFFF;
    /** winnt.h: SetFileCompletionNotificationModes flags. */
    public static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    public static final byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;
    /** wdm.h FILE_INFORMATION_CLASS: FileReplaceCompletionInformation (Windows 8.1 and later). */
    public static final int FILE_REPLACE_COMPLETION_INFORMATION = 61;

    // ------------------------------------------------------------------ files (winnt.h, fileapi.h)
    public static final int GENERIC_READ = 0x80000000;
    public static final int GENERIC_WRITE = 0x40000000;
    public static final int FILE_APPEND_DATA = 0x0004;
    public static final int FILE_WRITE_DATA = 0x0002;
    public static final int FILE_SHARE_READ = 0x1;
    public static final int FILE_SHARE_WRITE = 0x2;
    public static final int FILE_SHARE_DELETE = 0x4;
    public static final int CREATE_NEW = 1;
    public static final int CREATE_ALWAYS = 2;
    public static final int OPEN_EXISTING = 3;
    public static final int OPEN_ALWAYS = 4;
    public static final int TRUNCATE_EXISTING = 5;
    public static final int FILE_ATTRIBUTE_NORMAL = 0x80;
    public static final int FILE_FLAG_OVERLAPPED = 0x40000000;
    /** WriteFile: Offset and OffsetHigh both 0xFFFFFFFF write at the end of the file. */
    public static final int APPEND_OFFSET = 0xFFFFFFFF;

    // ------------------------------------------------------------------ Win32 errors (winerror.h)
    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_PATH_NOT_FOUND = 3;
    public static final int ERROR_TOO_MANY_OPEN_FILES = 4;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_NOT_ENOUGH_MEMORY = 8;
    public static final int ERROR_OUTOFMEMORY = 14;
    public static final int ERROR_SHARING_VIOLATION = 32;
    public static final int ERROR_HANDLE_EOF = 38;
    public static final int ERROR_NETNAME_DELETED = 64;
    public static final int ERROR_FILE_EXISTS = 80;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_BROKEN_PIPE = 109;
    public static final int ERROR_DISK_FULL = 112;
    public static final int ERROR_SEM_TIMEOUT = 121;
    public static final int ERROR_ALREADY_EXISTS = 183;
    public static final int WAIT_TIMEOUT = 258;
    public static final int ERROR_OPERATION_ABORTED = 995;
    public static final int ERROR_IO_PENDING = 997;
    public static final int ERROR_NOT_FOUND = 1168;
    public static final int ERROR_CONNECTION_REFUSED = 1225;
    public static final int ERROR_NETWORK_UNREACHABLE = 1231;
    public static final int ERROR_HOST_UNREACHABLE = 1232;
    public static final int ERROR_PORT_UNREACHABLE = 1234;
    public static final int ERROR_CONNECTION_ABORTED = 1236;

    // ------------------------------------------------------------------ Winsock errors (winsock2.h)
    public static final int WSA_IO_PENDING = ERROR_IO_PENDING;
    public static final int WSA_OPERATION_ABORTED = ERROR_OPERATION_ABORTED;
    public static final int WSAEINTR = 10004;
    public static final int WSAEBADF = 10009;
    public static final int WSAEACCES = 10013;
    public static final int WSAEFAULT = 10014;
    public static final int WSAEINVAL = 10022;
    public static final int WSAEMFILE = 10024;
    public static final int WSAEWOULDBLOCK = 10035;
    public static final int WSAEINPROGRESS = 10036;
    public static final int WSAEALREADY = 10037;
    public static final int WSAENOTSOCK = 10038;
    public static final int WSAEMSGSIZE = 10040;
    public static final int WSAENOPROTOOPT = 10042;
    public static final int WSAEOPNOTSUPP = 10045;
    public static final int WSAEAFNOSUPPORT = 10047;
    public static final int WSAEADDRINUSE = 10048;
    public static final int WSAEADDRNOTAVAIL = 10049;
    public static final int WSAENETDOWN = 10050;
    public static final int WSAENETUNREACH = 10051;
    public static final int WSAENETRESET = 10052;
    public static final int WSAECONNABORTED = 10053;
    public static final int WSAECONNRESET = 10054;
    public static final int WSAENOBUFS = 10055;
    public static final int WSAEISCONN = 10056;
    public static final int WSAENOTCONN = 10057;
    public static final int WSAESHUTDOWN = 10058;
    public static final int WSAETIMEDOUT = 10060;
    public static final int WSAECONNREFUSED = 10061;
    public static final int WSAEHOSTUNREACH = 10065;
    public static final int WSANOTINITIALISED = 10093;

    // ------------------------------------------------------------------ NTSTATUS in OVERLAPPED.Internal (ntstatus.h)
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_PENDING = 0x103;
    public static final int STATUS_BUFFER_OVERFLOW = 0x80000005;
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;
    public static final int STATUS_END_OF_FILE = 0xC0000011;
    public static final int STATUS_CANCELLED = 0xC0000120;
    public static final int STATUS_LOCAL_DISCONNECT = 0xC000013B;
    public static final int STATUS_REMOTE_DISCONNECT = 0xC000013C;
    public static final int STATUS_CONNECTION_RESET = 0xC000020D;
    public static final int STATUS_CONNECTION_REFUSED = 0xC0000236;
    public static final int STATUS_PORT_UNREACHABLE = 0xC000023F;
    public static final int STATUS_CONNECTION_ABORTED = 0xC0000241;

    // ------------------------------------------------------------------ sockets (ws2def.h, winsock2.h, ws2ipdef.h)
    public static final short WINSOCK_VERSION_2_2 = 0x0202;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 23;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int WSA_FLAG_OVERLAPPED = 0x01;
    public static final int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    public static final int SOL_SOCKET = 0xFFFF;
    public static final int SO_REUSEADDR = 0x0004;
    public static final int SO_KEEPALIVE = 0x0008;
    public static final int SO_LINGER = 0x0080;
    public static final int SO_SNDBUF = 0x1001;
    public static final int SO_RCVBUF = 0x1002;
    /** WSAPROTOCOL_INFOW of the socket's provider: says whether its handles are IFS handles. */
    public static final int SO_PROTOCOL_INFOW = 0x2005;
    public static final int TCP_NODELAY = 0x0001;
    /** mswsock.h. */
    public static final int SO_UPDATE_ACCEPT_CONTEXT = 0x700B;
    public static final int SO_UPDATE_CONNECT_CONTEXT = 0x7010;
    /** WSAPROTOCOL_INFOW.dwServiceFlags1: the provider's sockets are real file-system handles. */
    public static final int XP1_IFS_HANDLES = 0x00020000;
    public static final int SD_RECEIVE = 0;
    public static final int SD_SEND = 1;
    public static final int SD_BOTH = 2;
    /** _WSAIORW(IOC_WS2, 6). */
    public static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006;
    /** _WSAIOW(IOC_VENDOR, 12) (mstcpip.h): report ICMP port unreachable on UDP as WSAECONNRESET, on by default. */
    public static final int SIO_UDP_CONNRESET = 0x9800000C;

    // ------------------------------------------------------------------ extension function GUIDs (mswsock.h)
    /** WSAID_ACCEPTEX {b5367df1-cbac-11cf-95ca-00805f48a192}. */
    public static final String WSAID_ACCEPTEX = "b5367df1-cbac-11cf-95ca-00805f48a192";
    /** WSAID_CONNECTEX {25a207b9-ddf3-4660-8ee9-76e58c74063e}. */
    public static final String WSAID_CONNECTEX = "25a207b9-ddf3-4660-8ee9-76e58c74063e";

    /** True for an NTSTATUS of severity success or informational (NT_SUCCESS in ntdef.h). */
    public static boolean ntSuccess(int status) {
        return status >= 0;
    }
}
