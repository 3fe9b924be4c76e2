#!/bin/bash
# JMH PostBench interleaved: per rep each polyloop build (its classes ahead of the bench's classpath), then Netty.
# usage: BASE=<build copy with bench/target/classes and classpath.txt> jab.sh reps label:dir ...  (under flock -x)
# FORKS (3), BENCH (sched.PostBench) and PARAMS (-p executor=...) may be overridden.
cd "$BASE" || exit 1
BCP=$(cat bench/target/classpath.txt)
for r in $(seq 1 "$1"); do
  for spec in "${@:2}"; do
    IFS=: read -r label dir <<<"$spec"
    echo "== rep $r $label load $(cut -d' ' -f1 /proc/loadavg)"
    java -cp "$dir/api/target/classes:$dir/impl-scheduler/target/classes:bench/target/classes:$BCP" org.openjdk.jmh.Main "${BENCH:-sched.PostBench}" -p executor=polyloop ${PARAMS:-} -f "${FORKS:-3}" -wi 3 -i 3 -w 1 -r 1 2>&1 | grep -E "^# Run complete|PostBench.post|RoundTripBench.roundTrip|Iteration   [0-9]:" | grep -v Warmup | awk '{print "   " $0}'
  done
  echo "== rep $r netty load $(cut -d' ' -f1 /proc/loadavg)"
  java -cp "bench/target/classes:$BCP" org.openjdk.jmh.Main "${BENCH:-sched.PostBench}" -p 'executor=Netty event loop' ${PARAMS:-} -f "${FORKS:-3}" -wi 3 -i 3 -w 1 -r 1 2>&1 | grep -E "PostBench.post|RoundTripBench.roundTrip|Iteration   [0-9]:" | grep -v Warmup | awk '{print "   " $0}'
done
