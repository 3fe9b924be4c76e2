import io.polyloop.api.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
/**
 * PostBench's shape outside JMH. stream: batches of 1000 posts then spin until the last ran; per round: wall ns/task,
 * posting ns/post (time inside the 1000-post loop), tail ns/batch (from the last post to the last run), poster CPU
 * ns/post, loop CPU ns/task, loop sleeps (voluntary ctx switches)/batch, turns/batch (polyloop).
 * blocked: posts N into a loop blocked in a task (producer alone), then times the drain (consumer alone).
 */
public class Post {
    static long vcsw(long tid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status")))
            if (l.startsWith("voluntary_ctxt_switches")) return Long.parseLong(l.split("\\s+")[1]);
        return -1;
    }
    static long nativeTid() throws Exception { return Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString()); }
    static String med(double[] x, int skip) { double[] y = Arrays.copyOfRange(x, skip, x.length); Arrays.sort(y); return String.format("%.1f[%.1f-%.1f]", y[y.length/2], y[0], y[y.length-1]); }
    static String load() throws Exception { return new String(Files.readAllBytes(Path.of("/proc/loadavg"))).split(" ")[0]; }
    static void postBatch(Executor ex, Runnable task) { for (int i = 0; i < 1000; i++) ex.execute(task); }
    public static void main(String[] a) throws Exception {
        String which = a[0], mode = a[1];
        int batches = Integer.parseInt(a[2]);
        int rounds = a.length > 3 ? Integer.parseInt(a[3]) : 7;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Executor ex; AutoCloseable close; IoRuntime rt = null;
        switch (which) {
            case "polyloop": rt = IoRuntime.builder().strategy("single-threaded").set("queueCapacity", 1 << 20).set("taskBudget", Integer.getInteger("budget", 64)).build(); IoRuntime r0 = rt; ex = r0::post; close = rt; break;
            case "fjp": ForkJoinPool p = new ForkJoinPool(1); ex = p; close = p::shutdownNow; break;
            default: io.netty.channel.MultiThreadIoEventLoopGroup g = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.epoll.EpollIoHandler.newFactory()); ex = g.next(); close = () -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        AtomicLong ran = new AtomicLong();
        long[] tid = new long[2];
        Runnable task = () -> ran.lazySet(ran.get() + 1);
        CountDownLatch l = new CountDownLatch(1);
        ex.execute(() -> { tid[0] = Thread.currentThread().getId(); try { tid[1] = nativeTid(); } catch (Exception e) {} l.countDown(); });
        l.await();
        String label = System.getProperty("label", "");
        if (mode.equals("blocked")) {
            int n = batches;
            double[] drain = new double[rounds], post = new double[rounds], pcpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                CountDownLatch go = new CountDownLatch(1), blocked = new CountDownLatch(1), done = new CountDownLatch(1);
                long[] end = new long[1];
                ex.execute(() -> { blocked.countDown(); try { go.await(); } catch (InterruptedException e) {} });
                blocked.await();
                long c0 = mx.getCurrentThreadCpuTime(), p0 = System.nanoTime();
                for (int i = 0; i < n; i++) ex.execute(task);
                long p1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
                ex.execute(() -> { end[0] = System.nanoTime(); done.countDown(); });
                long t0 = System.nanoTime();
                go.countDown();
                done.await();
                drain[r] = (end[0] - t0) / (double) n;
                post[r] = (p1 - p0) / (double) n;
                pcpu[r] = (c1 - c0) / (double) n;
            }
            System.out.printf("RESULT %s %-8s blocked load %s | post ns %s | post cpu ns %s | drain ns/task %s%n", label, which, load(), med(post, rounds / 2), med(pcpu, rounds / 2), med(drain, rounds / 2));
        } else {
            long expected = 0;
            long[] bw = new long[batches * (rounds - 2)], bp = new long[batches * (rounds - 2)], bt = new long[batches * (rounds - 2)];
            int bi = 0;
            double[] wall = new double[rounds], posting = new double[rounds], tail = new double[rounds], pcpu = new double[rounds], loop = new double[rounds], sl = new double[rounds], tu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                LoopInfo b = rt != null ? rt.info().loops().get(0) : null;
                long v0 = vcsw(tid[1]), l0 = mx.getThreadCpuTime(tid[0]), c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                long post = 0, tl = 0;
                for (int k = 0; k < batches; k++) {
                    long b0 = System.nanoTime();
                    postBatch(ex, task);
                    long b1 = System.nanoTime();
                    post += b1 - b0;
                    expected += 1000;
                    while (ran.get() < expected) Thread.onSpinWait();
                    long b2 = System.nanoTime();
                    tl += b2 - b1;
                    if (round >= 2) { bw[bi] = b2 - b0; bp[bi] = b1 - b0; bt[bi] = b2 - b1; bi++; }
                }
                long n = batches * 1000L;
                wall[round] = (System.nanoTime() - t0) / (double) n;
                posting[round] = post / (double) n;
                tail[round] = tl / (double) batches;
                pcpu[round] = (mx.getCurrentThreadCpuTime() - c0) / (double) n;
                loop[round] = (mx.getThreadCpuTime(tid[0]) - l0) / (double) n;
                sl[round] = (vcsw(tid[1]) - v0) / (double) batches;
                if (rt != null) tu[round] = (rt.info().loops().get(0).turns() - b.turns()) / (double) batches;
            }
            Arrays.sort(bw); Arrays.sort(bp); Arrays.sort(bt);
            java.util.function.Function<long[], String> pct = x -> String.format("p10 %.1f p25 %.1f p50 %.1f", x[x.length / 10] / 1000.0, x[x.length / 4] / 1000.0, x[x.length / 2] / 1000.0);
            System.out.printf("BATCH %s %-8s load %s | per-batch ns/task %s | posting ns/post %s | tail ns/task %s%n", label, which, load(), pct.apply(bw), pct.apply(bp), pct.apply(bt));
            System.out.printf("RESULT %s %-8s stream load %s | wall ns/task %s | posting ns/post %s | tail ns/batch %s | poster cpu ns/post %s | loop cpu ns/task %s | sleeps/batch %s | turns/batch %s%n",
                    label, which, load(), med(wall, 2), med(posting, 2), med(tail, 2), med(pcpu, 2), med(loop, 2), med(sl, 2), med(tu, 2));
        }
        close.close();
        System.exit(0);
    }
}
