#!/bin/bash
# TimerBench A/B: A = impl-scheduler of ca877b6 (/tmp/post9-A), B = HEAD dfd418b (/tmp/rec9); interleaved
cd /tmp/rec9
BCP=$(cat bench/target/classpath.txt)
for r in 1 2 3 4; do
  for spec in A:/tmp/post9-A B:/tmp/rec9; do
    IFS=: read -r label dir <<<"$spec"
    echo "== rep $r $label load $(cut -d' ' -f1 /proc/loadavg)"
    java -cp "$dir/api/target/classes:$dir/impl-scheduler/target/classes:bench/target/classes:$BCP" org.openjdk.jmh.Main sched.TimerBench -p executor=polyloop -f 2 -wi 3 -i 3 -w 1 -r 1 2>&1 | grep -E "TimerBench.*avgt" | awk '{print "   " $0}'
  done
done
