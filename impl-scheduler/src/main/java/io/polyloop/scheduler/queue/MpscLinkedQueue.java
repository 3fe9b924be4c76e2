package io.polyloop.scheduler.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded multi-producer single-consumer FIFO (Vyukov's linked queue with a size counter). {@link #offer} is
 * thread safe and lock free; {@link #poll}, {@link #isEmpty()} are for the single consumer only. The bound is a
 * capacity that may change while the queue is in use: past it {@code offer} returns false, never grows memory.
 *
 * <p>One node allocation per element: the price of a live-adjustable bound without a lock.
 */
public final class MpscLinkedQueue<E> {
    private static final VarHandle PRODUCER_NODE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_NODE = lookup.findVarHandle(MpscLinkedQueue.class, "producerNode", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node<E> {
        E value;
        volatile Node<E> next;

        Node(E value) {
            this.value = value;
        }
    }

    private final AtomicInteger size = new AtomicInteger();
    private volatile int capacity;
    /** Producer side: the last node linked in. Swapped by {@code getAndSet}. */
    @SuppressWarnings("unused")
    private volatile Node<E> producerNode;
    /** Consumer side: a sentinel whose {@code next} is the first element. Consumer thread only. */
    private Node<E> consumerNode;

    public MpscLinkedQueue(int capacity) {
        capacity(capacity);
        Node<E> sentinel = new Node<>(null);
        consumerNode = sentinel;
        PRODUCER_NODE.setRelease(this, sentinel);
    }

    /** Changes the bound; elements already in the queue stay. Thread safe. */
    public void capacity(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("capacity " + value + " must be >= 1");
        }
        this.capacity = value;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Thread safe.
     *
     * @return false if the queue holds {@link #capacity()} elements already
     */
    public boolean offer(E value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (size.getAndIncrement() >= capacity) {
            size.getAndDecrement();
            return false;
        }
        Node<E> node = new Node<>(value);
        @SuppressWarnings("unchecked")
        Node<E> previous = (Node<E>) PRODUCER_NODE.getAndSet(this, node);
        // Between the swap and this store the consumer sees the queue as ending at 'previous': the element is not
        // lost, it becomes visible once the link is published.
        NEXT.setRelease(previous, node);
        return true;
    }

    /** Consumer only. @return the oldest element, or null if none is visible yet */
    public E poll() {
        @SuppressWarnings("unchecked")
        Node<E> next = (Node<E>) NEXT.getAcquire(consumerNode);
        if (next == null) {
            return null;
        }
        E value = next.value;
        next.value = null;
        consumerNode = next;
        size.getAndDecrement();
        return value;
    }

    /** Consumer only. May report empty while a producer is between its swap and its link. */
    public boolean isEmpty() {
        return NEXT.getAcquire(consumerNode) == null;
    }

    /**
     * Thread safe; a moment's estimate. Counts offers in progress, including ones about to be refused, so it may
     * read above {@link #capacity()} by at most the number of racing producers; the elements held never do.
     */
    public int size() {
        return Math.max(0, size.get());
    }
}
