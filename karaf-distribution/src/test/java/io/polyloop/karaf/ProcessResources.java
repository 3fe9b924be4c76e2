package io.polyloop.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this JVM holds, to compare before and after: the live threads whose name starts with {@code polyloop}, and
 * the open file descriptors of {@code /proc/self/fd} by kind (epoll instances, io_uring rings, eventfds, sockets,
 * pipes, files). Linux only.
 */
final class ProcessResources {
    private ProcessResources() {
    }

    /** @return the live polyloop-named threads with their stacks, one block each; empty if none */
    static List<String> polyloopThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive() && e.getKey().getName().toLowerCase().startsWith("polyloop"))
                .map(e -> e.getKey().getName() + " (" + e.getKey().getState() + ")\n    at "
                        + Arrays.stream(e.getValue()).limit(12).map(String::valueOf)
                        .collect(Collectors.joining("\n    at ")))
                .sorted().collect(Collectors.toList());
    }

    /** @return open file descriptors counted by kind: anon_inode:[eventpoll], socket, pipe, file, ... */
    static Map<String, Integer> fdsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile (the directory stream's own fd, among others)
                }
                kinds.merge(kind(target), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd: " + e, e);
        }
        return kinds;
    }

    static int total(Map<String, Integer> kinds) {
        return kinds.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String kind(String target) {
        if (target.startsWith("anon_inode:")) {
            return target;
        }
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.endsWith(".jar")) {
            return "jar";
        }
        return target.startsWith("/") ? "file" : target;
    }
}
