package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.RwLock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RwLockTest {
    private final ManualLoop loop = new ManualLoop();
    private final RwLock rw = loop.sync().rwLock();

    @Test
    void readersShareAndAWaitingWriterHoldsBackLaterReaders() {
        assertTrue(rw.tryRead());
        assertEquals(Task.Status.SUCCEEDED, rw.read().status());
        Task<Void> writer = rw.write();
        Task<Void> lateReader = rw.read();
        assertFalse(rw.tryRead(), "a writer waits");
        rw.unlockRead();
        loop.runAll();
        assertEquals(Task.Status.PENDING, writer.status(), "one reader left");
        rw.unlockRead();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, writer.status());
        assertTrue(rw.isWriteLocked());
        assertEquals(Task.Status.PENDING, lateReader.status());
        rw.unlockWrite();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, lateReader.status());
        assertEquals(1, rw.readers());
    }

    @Test
    void aRunOfReadersAtTheHeadIsServedTogetherUpToTheNextWriter() {
        assertTrue(rw.tryWrite());
        Task<Void> r1 = rw.read();
        Task<Void> r2 = rw.read();
        Task<Void> w = rw.write();
        Task<Void> r3 = rw.read();
        rw.unlockWrite();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, r1.status());
        assertEquals(Task.Status.SUCCEEDED, r2.status());
        assertEquals(Task.Status.PENDING, w.status());
        assertEquals(Task.Status.PENDING, r3.status());
        assertEquals(2, rw.readers());
    }

    @Test
    void aWithdrawnWriterLetsTheReadersBehindItIn() {
        assertTrue(rw.tryRead());
        Task<Void> w = rw.write();
        Task<Void> r = rw.read();
        assertTrue(w.cancel());
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, r.status());
        assertEquals(2, rw.readers());
        assertFalse(rw.tryWrite());
    }

    @Test
    void unlockWithoutTheLockIsAnError() {
        assertThrows(IllegalStateException.class, rw::unlockRead);
        assertThrows(IllegalStateException.class, rw::unlockWrite);
        assertTrue(rw.tryWrite());
        IllegalStateException e = assertThrows(IllegalStateException.class, rw::unlockRead);
        assertTrue(e.getMessage().contains("unlockWrite()"), e.getMessage());
        rw.unlockWrite();
        assertTrue(rw.tryRead());
        assertThrows(IllegalStateException.class, rw::unlockWrite);
    }
}
