package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fcntl and open through the variadic binding: the variadic argument reaches the function (a flag set with F_SETFL
 * reads back with F_GETFL, a mode given to open is the file's mode), errno is saved, and the
 * {@link PosixSyscalls} implementation over libc routes through it. Here on Linux; the native CI runs it on macOS.
 */
@Timeout(10)
class VariadicTest {
    private final PosixPlatform p = PosixPlatform.current();

    @Test
    void fcntlPassesItsThirdArgument() {
        int fd = LibC.socket(p.AF_INET, p.SOCK_STREAM, 0);
        assertTrue(fd >= 0);
        try {
            int flags = Variadic.fcntl(fd, p.F_GETFL, 0);
            assertEquals(0, flags & p.O_NONBLOCK);
            assertEquals(0, Variadic.fcntl(fd, p.F_SETFL, flags | p.O_NONBLOCK));
            assertEquals(p.O_NONBLOCK, Variadic.fcntl(fd, p.F_GETFL, 0) & p.O_NONBLOCK);
            assertEquals(0, LibCSyscalls.INSTANCE.fcntl(fd, p.F_SETFD, p.FD_CLOEXEC));
            assertEquals(p.FD_CLOEXEC, LibCSyscalls.INSTANCE.fcntl(fd, p.F_GETFD, 0));
        } finally {
            LibC.close(fd);
        }
        assertEquals(-1, Variadic.fcntl(fd, p.F_GETFL, 0));
        assertEquals(p.EBADF, LibCSyscalls.INSTANCE.errno());
    }

    @Test
    void openPassesItsMode() throws Exception {
        Path dir = Files.createTempDirectory("variadic");
        Path f = dir.resolve("m");
        try {
            byte[] path = (f + "\0").getBytes(StandardCharsets.UTF_8);
            int fd = Variadic.open(path, p.O_WRONLY | p.O_CREAT | p.O_EXCL | p.O_CLOEXEC, 0600);
            assertTrue(fd >= 0, "errno " + Errors.lastErrno());
            LibC.close(fd);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            assertEquals(-1, LibCSyscalls.INSTANCE.open(path, p.O_WRONLY | p.O_CREAT | p.O_EXCL, 0600));
            assertEquals(p.nativeErrno(io.polyloop.spi.Errno.EEXIST), LibCSyscalls.INSTANCE.errno());
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }
}
