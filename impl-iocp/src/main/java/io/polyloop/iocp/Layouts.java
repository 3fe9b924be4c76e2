package io.polyloop.iocp;

/**
 * Win64 (LLP64) struct layouts: sizes and field offsets in bytes. {@code long} and {@code ULONG}/{@code DWORD} are 32
 * bits, pointers, {@code ULONG_PTR}, {@code HANDLE} and {@code SOCKET} 64 bits, all little-endian. The ABI tests check
 * every value against golden byte images written from the SDK headers named below.
 */
public final class Layouts {
    private Layouts() {
    }

    /** minwinbase.h {@code OVERLAPPED}: Internal (ULONG_PTR), InternalHigh (ULONG_PTR), Offset/OffsetHigh (DWORD,
     * in a union with PVOID Pointer), hEvent (HANDLE). */
    public static final int OVERLAPPED_SIZE = 32;
    /** The NTSTATUS of the request: STATUS_PENDING while in flight (IO_STATUS_BLOCK.Status, low 32 bits). */
    public static final int OVERLAPPED_INTERNAL = 0;
    /** Bytes transferred (IO_STATUS_BLOCK.Information), set on success. */
    public static final int OVERLAPPED_INTERNAL_HIGH = 8;
    public static final int OVERLAPPED_OFFSET = 16;
    public static final int OVERLAPPED_OFFSET_HIGH = 20;
    public static final int OVERLAPPED_EVENT = 24;

    /** minwinbase.h {@code OVERLAPPED_ENTRY}: lpCompletionKey (ULONG_PTR), lpOverlapped, Internal (ULONG_PTR),
     * dwNumberOfBytesTransferred (DWORD) + 4 bytes of tail padding. */
    public static final int ENTRY_SIZE = 32;
    public static final int ENTRY_KEY = 0;
    public static final int ENTRY_OVERLAPPED = 8;
    public static final int ENTRY_INTERNAL = 16;
    public static final int ENTRY_BYTES = 24;

    /** ws2def.h {@code WSABUF}: ULONG len, 4 bytes of padding, CHAR FAR *buf. */
    public static final int WSABUF_SIZE = 16;
    public static final int WSABUF_LEN = 0;
    public static final int WSABUF_BUF = 8;

    /** ws2def.h {@code SOCKADDR_STORAGE}: ss_family (ADDRESS_FAMILY, u16), padding, __int64 alignment; 128 bytes. */
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    /** Every Windows sockaddr starts with a 16-bit family (no sa_len byte as on BSD). */
    public static final int SA_FAMILY = 0;
    /** ws2def.h {@code sockaddr_in}: sin_family u16, sin_port u16 (network order), sin_addr 4, sin_zero 8. */
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SIN_PORT = 2;
    public static final int SIN_ADDR = 4;
    public static final int SIN_ZERO = 8;
    /** ws2ipdef.h {@code sockaddr_in6}: family u16, port u16, flowinfo u32, addr 16, scope_id u32. */
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SIN6_PORT = 2;
    public static final int SIN6_FLOWINFO = 4;
    public static final int SIN6_ADDR = 8;
    public static final int SIN6_SCOPE_ID = 24;

    /** guiddef.h {@code GUID}: Data1 u32, Data2 u16, Data3 u16, Data4[8]. */
    public static final int GUID_SIZE = 16;
    /** winsock.h {@code linger}: u_short l_onoff, u_short l_linger. */
    public static final int LINGER_SIZE = 4;
    /** winsock2.h {@code WSAPROTOCOL_INFOW}; dwServiceFlags1 is its first DWORD. */
    public static final int WSAPROTOCOL_INFOW_SIZE = 628;
    /** winsock2.h {@code WSADATA} on Win64: wVersion u16 at 0, wHighVersion u16 at 2; 408 bytes. */
    public static final int WSADATA_SIZE = 408;
    /** wdm.h {@code FILE_COMPLETION_INFORMATION}: HANDLE Port, PVOID Key. */
    public static final int FILE_COMPLETION_INFORMATION_SIZE = 16;
    /** wdm.h {@code IO_STATUS_BLOCK}: union { NTSTATUS Status; PVOID Pointer; }, ULONG_PTR Information. */
    public static final int IO_STATUS_BLOCK_SIZE = 16;
    /** AcceptEx: each address slot must be 16 bytes longer than the largest sockaddr of the transport. */
    public static final int ACCEPTEX_ADDRESS_LENGTH = SOCKADDR_IN6_SIZE + 16;
}
