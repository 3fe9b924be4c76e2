package io.polyloop.posix;

import com.sun.jna.Native;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Drops a class from JNA's private per-class caches, {@code Native.typeOptions} and {@code Native.libraries}: both are
 * WeakHashMaps keyed by the class, and typeOptions' value names the class again ({@code enclosing-library}), so its
 * entry is never cleared and pins the class and its loader. Reflection on private fields of JNA 5.x: if a JNA
 * version renames or retypes them, this logs once at debug level and does nothing (the loader then stays, as before;
 * a stop never fails for it). Thread safe.
 */
final class JnaCaches {
    private static final System.Logger LOG = System.getLogger(JnaCaches.class.getName());
    private static final String[] FIELDS = {"typeOptions", "libraries"};
    private static volatile boolean warned;

    private JnaCaches() {
    }

    /** @return how many entries were removed */
    static int forget(Class<?> cls) {
        int removed = 0;
        for (String name : FIELDS) {
            try {
                Field f = Native.class.getDeclaredField(name);
                f.setAccessible(true);
                Map<?, ?> cache = (Map<?, ?>) f.get(null);
                // JNA reads them through Collections.synchronizedMap (5.x) or a synchronized method (older): the map's
                // own monitor is the synchronizedMap's lock; removal is a single call either way
                synchronized (cache) {
                    if (cache.remove(cls) != null) {
                        removed++;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.log(System.Logger.Level.DEBUG, "JNA's Native." + name + " cannot be cleared (" + e
                            + "): a class bound through JNA keeps its class loader");
                }
            }
        }
        return removed;
    }
}
