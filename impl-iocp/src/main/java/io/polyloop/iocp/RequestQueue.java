package io.polyloop.iocp;

import io.polyloop.spi.IoRequest;

import java.util.ArrayDeque;

/**
 * Requests of one handle and direction waiting to be issued, in submission order. Each carries its submission number
 * in {@link IoRequest#driverWord()}, so that detach can merge the directions back in the order they were submitted.
 * Grows to the deepest queue and stays there. Not thread safe: loop thread only.
 */
final class RequestQueue {
    private final ArrayDeque<IoRequest> queue = new ArrayDeque<>(4);

    void add(IoRequest r, long seq) {
        r.driverWord(seq);
        queue.add(r);
    }

    /** Puts back at the head a request that was issued first (its cancelled call is re-issued later). */
    void addFirst(IoRequest r) {
        queue.addFirst(r);
    }

    IoRequest poll() {
        return queue.poll();
    }

    IoRequest peek() {
        return queue.peek();
    }

    boolean remove(IoRequest r) {
        return queue.removeFirstOccurrence(r);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    long peekSeq() {
        return queue.peek().driverWord();
    }
}
