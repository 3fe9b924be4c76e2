package io.polyloop.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child side of {@link ChildProcess}: one line per event on stdout, commands on stdin.
 *
 * <pre>
 * child:  READY &lt;port&gt; &lt;description&gt;   |   UNAVAILABLE &lt;why&gt;
 * parent: HEAP                              child: HEAP &lt;used heap bytes after GC&gt; &lt;anonymous RSS bytes&gt;
 * parent: QUIT (or closes stdin)            child exits
 * </pre>
 */
public final class ChildProtocol {
    private ChildProtocol() {
    }

    public static void ready(int port, String description) {
        System.out.println("READY " + port + " " + description);
        System.out.flush();
    }

    public static void unavailable(String why) {
        System.out.println("UNAVAILABLE " + why.replace('\n', ' '));
        System.out.flush();
    }

    /** Answers commands until QUIT or the end of stdin. */
    public static void serveCommands() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "HEAP":
                    System.out.println("HEAP " + usedHeapAfterGc() + " " + settledRssBytes());
                    System.out.flush();
                    break;
                case "QUIT":
                    return;
                default:
                    System.out.println("ERROR unknown command " + line);
                    System.out.flush();
            }
        }
    }

    /** Used heap after full collections, settled over a few rounds (a collection can free what the last left). */
    public static long usedHeapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /**
     * The least of five {@link #rssBytes} samples 100 ms apart, after handing freed malloc memory back to the OS
     * ({@code System.trim_native_heap}): the JIT's compiler arenas and GC work areas come and go by megabytes
     * (malloc'd, then freed but kept by malloc), which would otherwise land in whichever sample they hit.
     */
    static long settledRssBytes() {
        trimNativeHeap();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long r = rssBytes();
            if (r < 0) {
                return r;
            }
            least = Math.min(least, r);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return least;
    }

    /** malloc_trim through the JVM's diagnostic command (JDK 17.0.9+, glibc); nothing where it is missing. */
    static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            // not this JDK or not glibc: the samples below are taken without it
        }
    }

    /**
     * @return the anonymous part of the resident set (RssAnon in /proc/self/status: heap, malloc, direct buffers,
     *         thread stacks; not the file pages of jars, libjvm and the CDS archive, which fault in as code first runs
     *         and are no one connection's memory), or -1 where there is none
     */
    public static long rssBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("RssAnon:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
