package io.polyloop.posix;

import java.util.Locale;

/**
 * Which binding serves the hot libc calls ({@link LibC#recv}, {@link LibC#send}, {@link LibC#sendmsg},
 * {@link LibC#recvmsg}, {@link LibC#recvfrom}, {@link LibC#sendto}, {@link LibC#eventfd_write},
 * {@link LibC#eventfd_read}, and for the backends {@link #epollWait} and {@link #syscall}): the FFM API
 * (java.lang.foreign) where it can, else JNA direct mapping, which binds everything else anyway. Decided once, when this
 * class loads, and logged once at INFO with the reason. Thread safe.
 *
 * <p>Why: a JNA direct call costs ~130 ns more than an FFM downcall here (measured on JDK 25, see the session 8 note);
 * the epoll echo makes several such calls per message. FFM is used when all of these hold: the JVM is 22+ (the API is
 * final there), the bundle was built with the FFM class (a JDK 22+ javac, see the posix pom), {@value #PROPERTY} is
 * not {@code false}, and the downcalls link (they do unless the JVM runs with {@code --illegal-native-access=deny}
 * and without {@code --enable-native-access=ALL-UNNAMED}). Without that flag JDK 22+ print a restricted-method warning
 * once per module, for FFM's linking as for JNA's own System.load from JDK 24 on: give the JVM the flag.
 *
 * <p>{@link #ENABLED} is a {@code static final}, so the JIT folds the choice at every call site.
 */
public final class Ffm {
    /** {@code false}: JNA only; {@code true} or unset: FFM where it can be used. */
    public static final String PROPERTY = "io.polyloop.posix.ffm";

    /** True when the hot calls go through FFM. */
    public static final boolean ENABLED;

    static final HotCalls CALLS;
    private static final String CAUSE;

    static {
        String[] cause = new String[1];
        HotCalls calls = choose(System.getProperty(PROPERTY), Runtime.version().feature(), cause);
        CALLS = calls;
        ENABLED = calls != null;
        CAUSE = cause[0];
        System.getLogger(Ffm.class.getName()).log(System.Logger.Level.INFO, ENABLED
                ? "polyloop native binding: FFM (java.lang.foreign) for recv/send/sendmsg/recvmsg/epoll_wait/"
                        + "io_uring_enter/eventfd, JNA for the rest"
                : "polyloop native binding: JNA (FFM not used: " + CAUSE + ")");
    }

    private Ffm() {
    }

    /** @return "ffm" or "jna": what serves the hot calls */
    public static String binding() {
        return ENABLED ? "ffm" : "jna";
    }

    /** @return why FFM is not used, or null when it is */
    public static String unavailabilityCause() {
        return CAUSE;
    }

    /** epoll_wait(2) through FFM. Only when {@link #ENABLED}. */
    public static int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return CALLS.epollWait(epfd, events, maxEvents, timeoutMillis);
    }

    /** syscall(2) through FFM: -1 with {@link Errors#lastErrno()} on failure. Only when {@link #ENABLED}. */
    public static long syscall(long number, long a, long b, long c, long d, long e, long f) {
        return CALLS.syscall(number, a, b, c, d, e, f);
    }

    private static HotCalls choose(String property, int javaFeature, String[] cause) {
        String p = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
        if (!p.isEmpty() && !p.equals("true") && !p.equals("false")) {
            cause[0] = "-D" + PROPERTY + "=" + property + " is neither true nor false";
            return null;
        }
        if (p.equals("false")) {
            cause[0] = "disabled by -D" + PROPERTY + "=false";
            return null;
        }
        if (javaFeature < 22) {
            cause[0] = "Java " + javaFeature + " has no final FFM API (22+)";
            return null;
        }
        Class<?> c;
        try {
            c = Class.forName("io.polyloop.posix.FfmHotCalls", false, Ffm.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            cause[0] = "this posix bundle was built without its FFM class (no JDK 22+ javac at build time)";
            return null;
        }
        // by reflection: this class must load on Java 17. Under --illegal-native-access=deny without
        // --enable-native-access the linking throws IllegalCallerException (JNA's loading fails there too).
        try {
            return (HotCalls) c.getDeclaredMethod("create").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable t = e;
            while (t.getCause() != null && (t instanceof java.lang.reflect.InvocationTargetException
                    || t instanceof ExceptionInInitializerError)) {
                t = t.getCause();
            }
            cause[0] = "FFM linking failed: " + t;
            return null;
        }
    }
}
