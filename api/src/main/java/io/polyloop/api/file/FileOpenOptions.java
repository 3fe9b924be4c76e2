package io.polyloop.api.file;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The {@link StandardOpenOption}s {@code IoRuntime.openFile} accepts and the backend flags they map to (the bits of
 * {@code io.polyloop.spi.FileFlags}). Stateless.
 */
public final class FileOpenOptions {
    /** The options accepted. No option means READ; APPEND implies WRITE. */
    public static final Set<StandardOpenOption> ACCEPTED = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.APPEND);

    // the bits of io.polyloop.spi.FileFlags (the API does not depend on the SPI)
    private static final int READ = 1;
    private static final int WRITE = 1 << 1;
    private static final int CREATE = 1 << 2;
    private static final int TRUNCATE = 1 << 3;
    private static final int APPEND = 1 << 4;
    private static final int EXCLUSIVE = 1 << 5;

    private FileOpenOptions() {
    }

    /**
     * @return the FileFlags bits for {@code options}
     * @throws IllegalArgumentException for an option not accepted, or a contradiction (APPEND with READ or
     *                                  TRUNCATE_EXISTING)
     */
    public static int toFlags(OpenOption... options) {
        int flags = 0;
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption) || !ACCEPTED.contains(o)) {
                throw new IllegalArgumentException("open option " + o + " is not supported; accepted: READ, WRITE,"
                        + " CREATE, CREATE_NEW, TRUNCATE_EXISTING, APPEND");
            }
            switch ((StandardOpenOption) o) {
                case READ: flags |= READ; break;
                case WRITE: flags |= WRITE; break;
                case CREATE: flags |= CREATE; break;
                case CREATE_NEW: flags |= CREATE | EXCLUSIVE; break;
                case TRUNCATE_EXISTING: flags |= TRUNCATE; break;
                case APPEND: flags |= APPEND | WRITE; break;
                default: throw new AssertionError(o);
            }
        }
        if ((flags & APPEND) != 0 && (flags & (READ | TRUNCATE)) != 0) {
            throw new IllegalArgumentException("APPEND cannot be combined with READ or TRUNCATE_EXISTING (as in"
                    + " java.nio.channels.FileChannel)");
        }
        if ((flags & (READ | WRITE)) == 0) {
            flags |= READ;
        }
        return flags;
    }
}
