package io.polyloop.kqueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The handles of one driver, indexed by fd (small dense integers), so an event's fd finds its state with one array
 * load. Grows by doubling up to the highest fd seen. Not thread safe.
 */
final class HandleTable {
    private HandleState[] byFd = new HandleState[256];
    private int size;

    HandleState get(int fd) {
        return fd >= 0 && fd < byFd.length ? byFd[fd] : null;
    }

    void put(HandleState st) {
        int fd = st.fd;
        if (fd >= byFd.length) {
            int n = byFd.length;
            while (n <= fd) {
                n *= 2;
            }
            byFd = java.util.Arrays.copyOf(byFd, n);
        }
        assert byFd[fd] == null : "fd " + fd + " already held by " + byFd[fd].handle;
        byFd[fd] = st;
        size++;
    }

    void remove(HandleState st) {
        if (st.fd < byFd.length && byFd[st.fd] == st) {
            byFd[st.fd] = null;
            size--;
        }
    }

    int size() {
        return size;
    }

    /** @return the handles in fd order (a copy: callers remove while iterating) */
    List<HandleState> snapshot() {
        List<HandleState> out = new ArrayList<>(size);
        for (HandleState st : byFd) {
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }
}
