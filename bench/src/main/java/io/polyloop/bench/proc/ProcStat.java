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
        return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** @return utime + stime from a process's or a thread's {@code stat} file, in seconds */
    private static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /**
     * @return utime + stime, in seconds, of those threads of {@code pid} whose name ({@code /proc/<pid>/task/<tid>/comm})
     *         starts with {@code namePrefix}; a thread that ended meanwhile counts as 0
     */
    public static double threadsCpuSeconds(long pid, String namePrefix) throws IOException {
        double sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(namePrefix)) {
                        sum += cpuSeconds(task.resolve("stat"));
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return sum;
    }
}
