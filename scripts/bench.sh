#!/usr/bin/env bash
# Runs polyloop's benchmarks against the anchors (Netty 4.2, plain JDK NIO, Lettuce, Jedis, redis-server,
# ForkJoinPool, the JDK's and Netty's timers) in one run, and writes bench/results/<date>-<mode>.md with PNG charts.
#
#   scripts/bench.sh quick    a look, about 3 minutes on 2 cores (2 + 1 echo rounds of the one-loop servers, short
#                             windows; 2 Redis rounds; 1 JMH fork)
#   scripts/bench.sh full     every measure and server, about 15 minutes on 2 cores (3 echo rounds of every server + 3
#                             more of the 4 goal servers, warmed until their JIT is quiet (at most 3 s), measured 3 s,
#                             the others 1 s; 3 Redis rounds; 2 JMH forks)
#   scripts/bench.sh record   the run the echo goals of issue #8 are judged on, about 28-30 minutes on 2 cores (3 echo
#                             rounds of every server + 9 of the goal servers, warmed until their JIT is quiet (at
#                             most 5 s), the goal servers measured 5 s per round and size, the others 2 s; 3 Redis
#                             rounds; 3 JMH forks)
#   scripts/bench.sh quick --only echo,redis,scheduler,memory   some sections only
#   scripts/bench.sh quick --note "machine shared with builds"  a line for the results file
#   scripts/bench.sh full --pin-client 1                        pin the echo load generator to CPU 1 (default: none)
#   BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/bench.sh full   every JVM of the run (servers, clients,
#                             JMH) on that JDK instead of the `java` on the PATH; the results file names the JDK
#
# Echo servers and Redis clients/servers run in interleaved rounds (every subject once per round, fresh JVM, order
# shuffled per round); each figure is the median of its rounds with their min-max, and the results file opens with
# the goals of issue #8 judged from those figures (the echo goals by a sign test on paired rounds; see README).
#
# What it does: installs what is missing (gcc for the C load generator, redis-server and redis-tools, from apt),
# installs the polyloop artifacts into ~/.m2 (mvn -B -q install -DskipTests, without the Karaf distribution and the
# features, which the benchmarks do not use), builds bench/ (not a module of the root pom: `mvn verify` never runs
# it) and the C load generator, raises the open-file limit for the 10 000-connection run, and runs
# io.polyloop.bench.BenchMain. Everything runs on loopback; every load loop is bounded in count and time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-quick}"
case "$mode" in
    quick|full|record) shift || true ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown mode: $mode (accepted: quick, full, record; try --help)" >&2; exit 2 ;;
esac

need_apt=()
command -v gcc >/dev/null || need_apt+=(gcc libc6-dev)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v redis-benchmark >/dev/null || need_apt+=(redis-tools)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "bench.sh: missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) or run as root" >&2
        exit 1
    fi
    echo "bench.sh: installing ${need_apt[*]} (apt-get)"
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" </dev/null >/dev/null
fi
command -v java >/dev/null || { echo "bench.sh: java is not on the PATH (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
run_java=java
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
    run_java="$BENCH_JAVA_HOME/bin/java"
    [ -x "$run_java" ] || { echo "bench.sh: BENCH_JAVA_HOME=$BENCH_JAVA_HOME has no bin/java (accepted: a JDK 17 or later home directory)" >&2; exit 2; }
fi
command -v mvn >/dev/null || { echo "bench.sh: Maven (mvn) is not on the PATH (apt-get install maven)" >&2; exit 1; }

echo "bench.sh: installing the polyloop artifacts (mvn install -DskipTests)"
mvn -B -q install -DskipTests -pl '!karaf-distribution,!features' </dev/null

# Optional modules: a profile of bench/pom.xml each, on when the root pom lists the module.
profiles=()
grep -q '<module>impl-iouring</module>' pom.xml && profiles+=(with-iouring)
grep -q '<module>bundles/redis-client</module>' pom.xml && profiles+=(with-redis-client)
grep -q '<module>bundles/mini-redis</module>' pom.xml && profiles+=(with-mini-redis)
profile_arg=()
if [ ${#profiles[@]} -gt 0 ]; then
    profile_arg=(-P "$(IFS=,; echo "${profiles[*]}")")
fi

echo "bench.sh: building bench/ ${profiles[*]:+(with ${profiles[*]})}"
mvn -B -q -f bench/pom.xml "${profile_arg[@]}" compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt </dev/null
gcc -O2 -Wall -o bench/target/echoload bench/src/main/c/echoload.c

# The 10 000-connection run needs as many descriptors in the client and in each server.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi

# the benchmarks start their servers and clients with the JVM that runs BenchMain (java.home); native access is
# allowed for the class path (JNA, Netty's JNI): on JDK 22+ that is a warning per library otherwise, on 17 a no-op
exec "$run_java" --enable-native-access=ALL-UNNAMED -Xmx2g -Djava.awt.headless=true -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.polyloop.bench.BenchMain "$mode" --echoload bench/target/echoload --out bench/results "$@"
