package io.polyloop.posix.readiness;

import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-entry field, the ring behind it, removal by identity and draining behind the head. */
@Timeout(10)
class RequestQueueTest {

    private static List<IoRequest> requests(int n) {
        List<IoRequest> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(new IoRequest().token(i));
        }
        return rs;
    }

    @Test
    void oneEntryThenARingKeepOrderAndSequenceNumbers() {
        RequestQueue q = new RequestQueue();
        List<IoRequest> rs = requests(11);
        q.add(rs.get(0), 100);
        assertSame(rs.get(0), q.peek());
        assertEquals(100, q.peekSeq());
        for (int round = 0; round < 3; round++) { // wraps and grows the ring past its first size
            for (int i = 1; i < rs.size(); i++) {
                q.add(rs.get(i), 100 + i);
            }
            for (int i = 0; i < rs.size(); i++) {
                assertSame(rs.get(i), q.peek(), "entry " + i + " of round " + round);
                assertEquals(100 + i, q.peekSeq());
                assertSame(rs.get(i), q.poll());
                if (i == 0) {
                    q.add(rs.get(0), 100); // the head again at the tail, for the next round
                }
            }
            assertSame(rs.get(0), q.poll());
            assertTrue(q.isEmpty());
            q.add(rs.get(0), 100);
        }
        assertEquals(1, q.size());
    }

    @Test
    void removeTakesAnyEntryByIdentityAndKeepsTheOthersInOrder() {
        RequestQueue q = new RequestQueue();
        List<IoRequest> rs = requests(5);
        assertFalse(q.remove(rs.get(0)));
        q.add(rs.get(0), 0);
        assertFalse(q.remove(rs.get(1)));
        assertTrue(q.remove(rs.get(0)));
        assertNull(q.peek());
        for (int i = 0; i < rs.size(); i++) {
            q.add(rs.get(i), i);
        }
        assertTrue(q.remove(rs.get(2)));
        assertTrue(q.remove(rs.get(0)));
        assertFalse(q.remove(rs.get(2)));
        assertEquals(List.of(rs.get(1), rs.get(3), rs.get(4)), drain(q));
    }

    @Test
    void drainBehindHeadHandsOverTheRestInOrderAndKeepsTheHeadWithItsNumber() {
        RequestQueue q = new RequestQueue();
        List<IoRequest> rs = requests(4);
        List<IoRequest> out = new ArrayList<>();
        q.drainBehindHead(out::add); // empty: nothing
        q.add(rs.get(0), 7);
        q.drainBehindHead(out::add); // only the head: nothing
        assertTrue(out.isEmpty());
        for (int i = 1; i < rs.size(); i++) {
            q.add(rs.get(i), 7 + i);
        }
        q.drainBehindHead(out::add);
        assertEquals(rs.subList(1, 4), out);
        assertEquals(1, q.size());
        assertSame(rs.get(0), q.peek());
        assertEquals(7, q.peekSeq());
    }

    private static List<IoRequest> drain(RequestQueue q) {
        List<IoRequest> out = new ArrayList<>();
        IoRequest r;
        while ((r = q.poll()) != null) {
            out.add(r);
        }
        return out;
    }
}
