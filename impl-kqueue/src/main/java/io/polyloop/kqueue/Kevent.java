package io.polyloop.kqueue;

import java.nio.ByteBuffer;

/**
 * The kqueue numbers macOS and FreeBSD share ({@code sys/event.h} of both), and reads and writes of one
 * {@code struct kevent} in native memory at the layout of a {@link KeventAbi}. Stateless.
 */
final class Kevent {
    static final short EVFILT_READ = -1;
    static final short EVFILT_WRITE = -2;

    static final short EV_ADD = 0x0001;
    static final short EV_DELETE = 0x0002;
    static final short EV_ENABLE = 0x0004;
    static final short EV_DISABLE = 0x0008;
    static final short EV_ONESHOT = 0x0010;
    static final short EV_CLEAR = 0x0020;
    static final short EV_RECEIPT = 0x0040;
    static final short EV_ERROR = 0x4000;
    static final short EV_EOF = (short) 0x8000;

    /** EVFILT_USER: fflags of a change that fires the event. */
    static final int NOTE_TRIGGER = 0x01000000;

    /** struct timespec: {@code time_t tv_sec} @0, {@code long tv_nsec} @8 on LP64. */
    static final int TIMESPEC_SIZE = 16;

    private Kevent() {
    }

    /** EV_SET(&list[index], ident, filter, flags, fflags, 0, NULL), with the rest of the entry zeroed. */
    static void set(ByteBuffer list, KeventAbi abi, int index, long ident, short filter, short flags, int fflags) {
        int at = index * abi.size;
        list.putLong(at + KeventAbi.IDENT, ident);
        list.putShort(at + KeventAbi.FILTER, filter);
        list.putShort(at + KeventAbi.FLAGS, flags);
        list.putInt(at + KeventAbi.FFLAGS, fflags);
        list.putLong(at + KeventAbi.DATA, 0);
        list.putLong(at + KeventAbi.UDATA, 0);
        for (int e = abi.ext; e >= 0 && e < abi.size; e += 8) {
            list.putLong(at + e, 0);
        }
    }

    static long ident(ByteBuffer list, KeventAbi abi, int index) {
        return list.getLong(index * abi.size + KeventAbi.IDENT);
    }

    static short filter(ByteBuffer list, KeventAbi abi, int index) {
        return list.getShort(index * abi.size + KeventAbi.FILTER);
    }

    static int flags(ByteBuffer list, KeventAbi abi, int index) {
        return list.getShort(index * abi.size + KeventAbi.FLAGS) & 0xffff;
    }

    static int fflags(ByteBuffer list, KeventAbi abi, int index) {
        return list.getInt(index * abi.size + KeventAbi.FFLAGS);
    }

    /** intptr_t on macOS, int64_t on FreeBSD: 8 bytes either way on LP64. */
    static long data(ByteBuffer list, KeventAbi abi, int index) {
        return list.getLong(index * abi.size + KeventAbi.DATA);
    }
}
