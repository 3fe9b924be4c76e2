package io.polyloop.posix;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * The native resources of a backend (its kqueues, its completion ports) that each hold {@link NativeBindings} from
 * the call that makes one to the call that closes it, so that a resource a stopped bundle's loop still runs keeps its
 * natives, and the bindings go (the class loader with them) once the last one is closed. A close of anything else
 * costs one volatile read while none is open. Not for hot paths (a monitor per open and close). Thread safe.
 */
public final class NativeHolds {
    private final NativeBindings[] bindings;
    /** The resources open, each holding the bindings. */
    private final Set<Long> open = new HashSet<>(); // guarded by itself
    private volatile int count;

    /** @param bindings held by each resource, acquired in this order and released in the reverse one */
    public NativeHolds(NativeBindings... bindings) {
        this.bindings = bindings.clone();
    }

    /**
     * Makes a resource with {@code make} while holding the bindings (the first use may bind them); a result that
     * {@code made} accepts keeps holding them until {@link #closed} of it, any other lets them go.
     *
     * @return what {@code make} returned (an id, or the failure the caller reports)
     */
    public long open(LongSupplier make, LongPredicate made) {
        acquire(bindings.length);
        long id;
        try {
            id = make.getAsLong();
        } catch (RuntimeException | Error e) { // UnsatisfiedLinkError or NoClassDefFoundError where none is bound
            release(bindings.length);
            throw e;
        }
        if (!made.test(id)) {
            release(bindings.length);
            return id;
        }
        synchronized (open) {
            open.add(id);
            count = open.size();
        }
        return id;
    }

    /** {@code id} was closed: if it is one of these resources, its bindings go. */
    public void closed(long id) {
        if (count == 0) {
            return;
        }
        boolean ours;
        synchronized (open) {
            ours = open.remove(id);
            count = open.size();
        }
        if (ours) {
            release(bindings.length);
        }
    }

    /** @return the resources open now */
    public int count() {
        return count;
    }

    private void acquire(int n) {
        for (int i = 0; i < n; i++) {
            try {
                bindings[i].acquire();
            } catch (RuntimeException | Error e) {
                release(i); // the ones before this one
                throw e;
            }
        }
    }

    private void release(int n) {
        for (int i = n - 1; i >= 0; i--) {
            bindings[i].release();
        }
    }
}
