package io.polyloop.scheduler.buffer;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * The JVM's direct-memory budget as the buffer pools see it: the limit ({@code -XX:MaxDirectMemorySize}, else the
 * heap's maximum, as the JDK sizes it) and what direct buffers hold now. It lets an allocation that would surely fail
 * be refused in nanoseconds: {@link ByteBuffer#allocateDirect} over the limit runs a {@code System.gc()} and sleeps up
 * to about half a second before it throws, which on a loop thread stalls every connection of the loop. Thread safe.
 */
public final class DirectMemory {
    private static final String FLAG = "-XX:MaxDirectMemorySize=";
    private static final BufferPoolMXBean DIRECT = directPool();
    private static final String FLAG_GIVEN = flag();
    private static final long LIMIT = FLAG_GIVEN != null ? parseSize(FLAG_GIVEN) : Runtime.getRuntime().maxMemory();

    private DirectMemory() {
    }

    /** @return the direct-memory limit in bytes */
    public static long limit() {
        return LIMIT;
    }

    /** @return bytes held by direct buffers now (garbage ones included until the GC frees them), or -1 if unknown */
    public static long used() {
        return DIRECT == null ? -1 : DIRECT.getTotalCapacity();
    }

    /** @return false if {@code bytes} more would surely exceed the limit now (unless a GC frees garbage buffers) */
    public static boolean hasRoom(long bytes) {
        long used = used();
        return used < 0 || used + bytes <= LIMIT;
    }

    /**
     * The error of a direct allocation refused for the limit, as the JDK words it, plus the figures and what to do.
     *
     * @param cause the JDK's own error, or null for a refusal of {@link #hasRoom}
     */
    public static OutOfMemoryError exhausted(long bytes, OutOfMemoryError cause) {
        OutOfMemoryError e = new OutOfMemoryError("Cannot reserve " + bytes + " bytes of direct buffer memory ("
                + "allocated: " + used() + ", limit: " + LIMIT + ", " + describeLimit() + ")");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** @return how the limit was set, for messages: the flag as given, or that it is the default */
    public static String describeLimit() {
        return FLAG_GIVEN != null ? FLAG + FLAG_GIVEN
                : "the default of -XX:MaxDirectMemorySize, the maximum heap size";
    }

    /** @return the value of the last -XX:MaxDirectMemorySize= the JVM was started with, or null */
    private static String flag() {
        try {
            List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            String value = null;
            for (String a : args) {
                if (a.startsWith(FLAG)) {
                    value = a.substring(FLAG.length()); // the last one wins, as for the JVM
                }
            }
            return value == null || parseSize(value) <= 0 ? null : value;
        } catch (RuntimeException | LinkageError e) { // no management in this JVM: the default is a fair guess
            return null;
        }
    }

    private static BufferPoolMXBean directPool() {
        try {
            for (BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if ("direct".equals(p.getName())) {
                    return p;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no management in this JVM: no early refusal, allocateDirect decides
        }
        return null;
    }

    /** @return bytes of a HotSpot size ("512m", "1G", "65536"), or -1 if it is none */
    static long parseSize(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        String v = s.toLowerCase(Locale.ROOT);
        int shift = 0;
        switch (v.charAt(v.length() - 1)) {
            case 'k': shift = 10; break;
            case 'm': shift = 20; break;
            case 'g': shift = 30; break;
            case 't': shift = 40; break;
            default: break;
        }
        try {
            return Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
