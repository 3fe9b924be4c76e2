package io.polyloop.scheduler.sync;

/**
 * The FIFO of waiters of one primitive: an intrusive doubly linked list, so that a cancelled waiter leaves in O(1)
 * from anywhere in it. Not thread safe: guarded by the owner's lock. Unbounded by itself: it holds one node per
 * pending task a caller holds.
 */
final class WaitList<T> {
    private Waiter<?> head;
    private Waiter<?> tail;
    private int size;

    void addLast(Waiter<T> w) {
        assert w.list == null : "waiter linked twice";
        w.list = this;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    void remove(Waiter<?> w) {
        assert w.list == this : "waiter not in this list";
        Waiter<?> p = w.prev;
        Waiter<?> n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.list = null;
        w.prev = null;
        w.next = null;
        size--;
    }

    /** @return the oldest waiter, or null */
    @SuppressWarnings("unchecked")
    Waiter<T> peek() {
        return (Waiter<T>) head;
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }
}
