package io.polyloop.posix.readiness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The handles of one driver, indexed by fd (small dense integers), so an event's fd finds its state with one array
 * load. Grows by doubling up to the highest fd seen. Not thread safe.
 *
 * @param <S> the backend's per-handle state
 */
public final class HandleTable<S extends ReadinessState> {
    private Object[] byFd = new Object[256];
    private int size;

    @SuppressWarnings("unchecked")
    public S get(int fd) {
        return fd >= 0 && fd < byFd.length ? (S) byFd[fd] : null;
    }

    public void put(S st) {
        int fd = st.fd;
        if (fd >= byFd.length) {
            int n = byFd.length;
            while (n <= fd) {
                n *= 2;
            }
            byFd = Arrays.copyOf(byFd, n);
        }
        assert byFd[fd] == null : "fd " + fd + " already held by " + ((ReadinessState) byFd[fd]).handle;
        byFd[fd] = st;
        size++;
    }

    public void remove(S st) {
        if (st.fd < byFd.length && byFd[st.fd] == st) {
            byFd[st.fd] = null;
            size--;
        }
    }

    public int size() {
        return size;
    }

    /** @return the handles in fd order (a copy: callers remove while iterating) */
    @SuppressWarnings("unchecked")
    public List<S> snapshot() {
        List<S> out = new ArrayList<>(size);
        for (Object st : byFd) {
            if (st != null) {
                out.add((S) st);
            }
        }
        return out;
    }
}
