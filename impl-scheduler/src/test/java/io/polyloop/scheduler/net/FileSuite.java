package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.file.AsyncFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files through the runtime: open flags, positional reads and writes, whole-file helpers, sync, size. */
abstract class FileSuite extends IoApiFixture {
    @TempDir
    Path dir;

    private static Throwable failure(Task<?> t) {
        return assertThrows(ExecutionException.class, () -> t.get(20, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void writeAllThenReadAllRoundTripsALargeFile() throws Exception {
        byte[] data = new byte[1024 * 1024 + 123]; // more than one staging buffer, not a multiple of it
        new Random(11).nextBytes(data);
        Path p = dir.resolve("big.bin");
        AsyncFile f = await(rt.openFile(p, WRITE, CREATE_NEW));
        await(f.writeAll(ByteBuffer.wrap(data), 0));
        await(f.sync(true));
        await(f.sync(false));
        assertEquals(data.length, await(f.size()));
        await(f.closeAsync());
        assertArrayEquals(data, Files.readAllBytes(p), "as another reader sees it");
        AsyncFile r = await(rt.openFile(p));
        ByteBuffer all = await(r.readAll(data.length));
        assertEquals(data.length, all.remaining());
        assertArrayEquals(data, Arrays.copyOf(all.array(), all.remaining()));
        Throwable tooBig = failure(r.readAll(1000));
        assertInstanceOf(IOException.class, tooBig);
        assertTrue(tooBig.getMessage().contains("more than 1000 bytes"), tooBig.getMessage());
        r.close();
    }

    @Test
    void positionalReadsAndWritesInFlightTogether() throws Exception {
        Path p = dir.resolve("pos.bin");
        AsyncFile f = await(rt.openFile(p, READ, WRITE, CREATE));
        List<Task<Void>> writes = new ArrayList<>();
        for (int i = 9; i >= 0; i--) { // issued out of order, all at once
            writes.add(f.writeAll(ByteBuffer.wrap(("block-" + i + ";").getBytes()), i * 8L));
        }
        for (Task<Void> w : writes) {
            await(w);
        }
        ByteBuffer head = ByteBuffer.allocateDirect(8);
        assertEquals(8, await(f.read(head, 24)));
        assertEquals("block-3;", new String(bytes(head.flip())));
        assertEquals(-1, await(f.read(ByteBuffer.allocate(4), 80)), "at the end of the file");
        ByteBuffer tail = ByteBuffer.allocate(100);
        assertEquals(8, await(f.read(tail, 72)), "a short read at the end");
        assertEquals(3, await(f.write(ByteBuffer.wrap("XYZ".getBytes()), 0)));
        assertEquals("XYZck-0;", new String(bytes(await(f.readAll(1000)).limit(8))));
        assertThrows(IllegalArgumentException.class, () -> f.read(ByteBuffer.allocate(1), -1));
        assertThrows(IllegalArgumentException.class, () -> f.writeAll(ByteBuffer.allocate(1), -5));
        f.close();
    }

    @Test
    void openFlagsBehaveAsDocumented() throws Exception {
        Path p = dir.resolve("flags.txt");
        Throwable missing = failure(rt.openFile(p));
        assertInstanceOf(IOException.class, missing);
        assertTrue(missing.getMessage().contains(p.toString()) && missing.getMessage().contains("ENOENT"),
                missing.getMessage());
        AsyncFile created = await(rt.openFile(p, WRITE, CREATE));
        await(created.writeAll(ByteBuffer.wrap("one".getBytes()), 0));
        created.close();
        Throwable exists = failure(rt.openFile(p, WRITE, CREATE_NEW));
        assertTrue(exists instanceof java.nio.file.FileAlreadyExistsException || exists.getMessage().contains("EEXIST"),
                String.valueOf(exists));
        AsyncFile appender = await(rt.openFile(p, APPEND));
        await(appender.writeAll(ByteBuffer.wrap("two".getBytes()), 0)); // position ignored: appended
        await(appender.writeAll(ByteBuffer.wrap("three".getBytes()), 0));
        await(appender.closeAsync());
        assertEquals("onetwothree", Files.readString(p));
        AsyncFile truncating = await(rt.openFile(p, WRITE, TRUNCATE_EXISTING));
        assertEquals(0L, await(truncating.size()));
        truncating.close();
        var bad = assertThrows(IllegalArgumentException.class,
                () -> rt.openFile(p, StandardOpenOption.DELETE_ON_CLOSE));
        assertTrue(bad.getMessage().contains("DELETE_ON_CLOSE") && bad.getMessage().contains("accepted"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rt.openFile(p, APPEND, READ));
    }

    @Test
    void aClosedFileFailsItsOperations() throws Exception {
        Path p = dir.resolve("closed.txt");
        Files.writeString(p, "content");
        AsyncFile f = await(rt.openFile(p));
        await(f.closeAsync());
        assertFalse(f.isOpen());
        assertInstanceOf(IOException.class, failure(f.read(ByteBuffer.allocate(4), 0)));
        assertInstanceOf(IOException.class, failure(f.size()));
        assertEquals("content", Files.readString(p));
    }

    @Test
    void openingADirectoryForWritingFails() throws Exception {
        Throwable t = failure(rt.openFile(dir, WRITE));
        assertInstanceOf(IOException.class, t);
        assertTrue(t.getMessage().contains(dir.toString()), t.getMessage());
        assertFalse(t instanceof DirectoryNotEmptyException);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
