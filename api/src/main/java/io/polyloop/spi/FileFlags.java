package io.polyloop.spi;

/** Portable open flags for {@link IoDriver#openFile}; a backend maps them to its OS's values. */
public final class FileFlags {
    public static final int READ = 1;
    public static final int WRITE = 1 << 1;
    public static final int CREATE = 1 << 2;
    public static final int TRUNCATE = 1 << 3;
    /**
     * Every WRITE appends at the current end of the file, atomically with respect to other appenders; the request's
     * position is ignored (as Linux pwrite(2) does on an O_APPEND descriptor). READ still uses its position. A
     * backend whose OS honours the offset must append itself.
     */
    public static final int APPEND = 1 << 4;
    /** Fail if CREATE is set and the file exists. */
    public static final int EXCLUSIVE = 1 << 5;

    private FileFlags() {
    }

    /** @throws IllegalArgumentException if neither READ nor WRITE is set, or unknown bits are */
    public static int validate(int flags) {
        if ((flags & ~(READ | WRITE | CREATE | TRUNCATE | APPEND | EXCLUSIVE)) != 0) {
            throw new IllegalArgumentException("unknown file flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & (READ | WRITE)) == 0) {
            throw new IllegalArgumentException("file flags need READ or WRITE (or both)");
        }
        return flags;
    }
}
