package io.polyloop.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time from {@code /proc/<pid>/stat} (Linux). */
public final class ProcStat {
    /** USER_HZ: the unit of utime/stime. 100 on every Linux ABI in use (x86_64, aarch64). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** @return utime + stime of {@code pid}, in seconds (10 ms resolution) */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }
}
