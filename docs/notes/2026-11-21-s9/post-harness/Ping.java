import io.polyloop.api.*;
import java.util.*;
import java.util.concurrent.*;
/**
 * Ping-pong latency of a cross-thread post: post one task (or a burst of B), spin until the last ran; optional pause
 * (spin) between rounds. Prints p50/p90/p99 of the round trip in ns. args: polyloop|netty burst pauseNanos rounds
 */
public class Ping {
    static volatile long done;
    public static void main(String[] a) throws Exception {
        String which = a[0]; int burst = Integer.parseInt(a[1]); long pause = Long.parseLong(a[2]); int rounds = Integer.parseInt(a[3]);
        Executor ex; AutoCloseable close;
        if (which.equals("polyloop")) { IoRuntime rt = IoRuntime.builder().strategy("single-threaded").set("queueCapacity", 1 << 20).build(); ex = rt::post; close = rt; }
        else { io.netty.channel.MultiThreadIoEventLoopGroup g = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.epoll.EpollIoHandler.newFactory()); ex = g.next(); close = () -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync(); }
        long[] seq = {0};
        Runnable task = () -> done = done + 1;
        long[] rtt = new long[rounds];
        long expected = 0;
        for (int w = 0; w < 2; w++) { // warm-up, measured
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < burst; k++) ex.execute(task);
                expected += burst;
                while (done < expected) Thread.onSpinWait();
                rtt[r] = System.nanoTime() - t0;
                long end = System.nanoTime() + pause;
                while (System.nanoTime() < end) Thread.onSpinWait();
            }
        }
        Arrays.sort(rtt);
        System.out.printf("PING %s %-8s burst %d pause %d | rtt ns p50 %d p90 %d p99 %d | load %s%n", System.getProperty("label", ""), which, burst, pause,
                rtt[rounds / 2], rtt[rounds * 9 / 10], rtt[rounds * 99 / 100], new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
        close.close();
        System.exit(0);
    }
}
