package io.polyloop.bench;

/**
 * How long and how large each part runs (times on 2 quiet cores, without the build). Quick is a look (one-loop
 * servers, 2 + 1 echo rounds, short windows); full covers every measure and server in about fifteen minutes, with
 * 6 paired echo rounds of the goal servers; record is the run the echo goals of issue #8 are judged on, 12 paired
 * rounds with 5 s windows, in about twenty-eight to thirty minutes. Every load loop is bounded by these counts and
 * times.
 *
 * @param name              {@code quick}, {@code full} or {@code record}
 * @param echoRounds        interleaved rounds of every echo server (each round: every server once, fresh JVM)
 * @param goalRounds        extra interleaved rounds of the four goal servers only (polyloop epoll and io_uring
 *                          single-threaded, Netty epoll and io_uring ×1), spread among the full rounds: the goal
 *                          servers run {@code echoRounds + goalRounds} rounds, the pairs the goals are judged on
 * @param warmMinSeconds    echo load before measuring, per server, round and message size, at least this long ...
 * @param warmMaxSeconds    ... and then until the server's JIT compilers are quiet, at most this long
 * @param echoWarmup        seconds of load on the measured run's fresh connections before its window opens
 * @param echoSeconds       measured seconds per echo row and round
 * @param goalSeconds       measured seconds per round of the four goal servers: the goals are judged on their paired
 *                          rounds, and on this machine a 1 s window's throughput varies by ~15 % from the next one's,
 *                          independently (s10 pilot: lag-1 autocorrelation -0.04 to -0.07), so only a longer window
 *                          makes a pair sharper (2 s: a sign test over 12 pairs confirms a true 8 % lead 1 time in 4;
 *                          5 s: about 1 in 2, a 12 % lead 6 in 7)
 * @param redisRounds       interleaved rounds of the Redis clients and of the Redis servers
 * @param redisSeconds      measured seconds per Redis client row and round (after as long again of warm-up, capped
 *                          at 2 s)
 * @param redisBenchRequests requests per redis-benchmark test (-n), per round
 * @param jmhForks          JMH forks per benchmark
 * @param jmhIterations     JMH measured iterations (and as many warm-up iterations)
 * @param jmhIterationMillis length of one JMH iteration
 * @param pendingTasks      tasks queued when measuring retained bytes per pending task
 * @param idleConnections   idle connections per batch when measuring retained bytes per connection (four batches on
 *                          one server: fewer if they would not fit under the open-file limit)
 * @param manyConnections   connections of the many-connection run
 * @param manySeconds       measured seconds of the many-connection run
 * @param allServers        whether echo, memory and the many-connection run cover every server; else echo and memory
 *                          run the one-loop servers (polyloop single-threaded per backend, Netty ×1 per transport, JDK
 *                          NIO) and the many-connection run polyloop single-threaded and Netty epoll
 * @param timers            timers scheduled and cancelled per invocation of the timer benchmark
 */
public record BenchMode(String name, int echoRounds, int goalRounds, double warmMinSeconds, double warmMaxSeconds,
                        double echoWarmup, double echoSeconds, double goalSeconds, int redisRounds, double redisSeconds,
                        int redisBenchRequests, int jmhForks, int jmhIterations, int jmhIterationMillis,
                        int pendingTasks, int idleConnections, int manyConnections, double manySeconds,
                        boolean allServers, int timers) {

    public static BenchMode parse(String name) {
        switch (name) {
            case "quick":
                return new BenchMode("quick", 2, 1, 0.3, 1, 0.3, 0.7, 0.7, 2, 0.5, 100_000, 1, 2, 300, 100_000, 500,
                        10_000, 2, false, 100_000);
            case "full":
                return new BenchMode("full", 3, 3, 1, 3, 0.5, 1, 3, 3, 2, 500_000, 2, 2, 1_000, 200_000, 2_000,
                        10_000, 3, true, 1_000_000);
            case "record":
                return new BenchMode("record", 3, 9, 1, 5, 0.5, 2, 5, 3, 3, 1_000_000, 3, 3, 1_000, 200_000, 4_000,
                        10_000, 5, true, 1_000_000);
            default:
                throw new IllegalArgumentException("mode " + name + "; accepted: quick, full, record");
        }
    }

    /** @return whether this is the mode the echo goals are judged on (its pairs are the ones the rule was fixed for) */
    public boolean record() {
        return name.equals("record");
    }
}
