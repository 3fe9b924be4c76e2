package io.polyloop.kqueue;

import io.polyloop.posix.PosixPlatform;

import java.util.Locale;

/**
 * {@code struct kevent} of one OS, and the kqueue numbers that differ between macOS and FreeBSD; the numbers both
 * share are in {@link Kevent}. The one place that holds each OS's values. Immutable.
 *
 * <ul>
 *   <li>macOS (SDK {@code sys/event.h}, under {@code #pragma pack(4)}): {@code uintptr_t ident} @0,
 *   {@code int16_t filter} @8, {@code uint16_t flags} @10, {@code uint32_t fflags} @12, {@code intptr_t data} @16,
 *   {@code void *udata} @24; 32 bytes on LP64 (x86-64 and arm64). {@code kevent64_s} (48 bytes, ext[2] @32) is not
 *   used: plain {@code kevent} carries everything this backend needs.</li>
 *   <li>FreeBSD 12 and later ({@code sys/sys/event.h}): the same first fields but {@code __int64_t data} @16, then
 *   {@code void *udata} @24 and {@code __uint64_t ext[4]} @32; 64 bytes. The symbol {@code kevent} resolves to the
 *   default version {@code kevent@@FBSD_1.5}, which takes this layout (the 32-byte one of FreeBSD 11 lives on as
 *   {@code kevent@FBSD_1.0} for old binaries).</li>
 * </ul>
 * EVFILT_USER is -10 on macOS and -11 on FreeBSD (FreeBSD has EVFILT_FS at -10).
 */
final class KeventAbi {
    static final KeventAbi DARWIN = new KeventAbi("macOS", PosixPlatform.DARWIN, 32, -1, -10);
    static final KeventAbi FREEBSD = new KeventAbi("FreeBSD", PosixPlatform.FREEBSD, 64, 32, -11);

    static final int IDENT = 0;
    static final int FILTER = 8;
    static final int FLAGS = 10;
    static final int FFLAGS = 12;
    static final int DATA = 16;
    static final int UDATA = 24;

    final String name;
    final PosixPlatform posix;
    /** sizeof(struct kevent). */
    final int size;
    /** offsetof(struct kevent, ext), or -1 where there is none. */
    final int ext;
    final short evfiltUser;

    private KeventAbi(String name, PosixPlatform posix, int size, int ext, int evfiltUser) {
        this.name = name;
        this.posix = posix;
        this.size = size;
        this.ext = ext;
        this.evfiltUser = (short) evfiltUser;
    }

    /** @return the ABI for an {@code os.name}, or null where there is no kqueue this backend knows */
    static KeventAbi forOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return DARWIN;
        }
        if (os.startsWith("freebsd")) {
            return FREEBSD;
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
