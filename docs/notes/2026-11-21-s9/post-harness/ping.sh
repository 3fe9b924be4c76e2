#!/bin/bash
# Interleaved round-trip latency (Ping.java): per rep each build, then Netty.
# usage: BASE=... W=... ping.sh reps "burst pauseNanos rounds" label:dir ...   (under flock -x /tmp/team/machine.lock)
reps=$1; args=$2; shift 2
BCP=$(cat "$BASE/bench/target/classpath.txt")
for r in $(seq 1 "$reps"); do
  for spec in "$@"; do
    IFS=: read -r label dir <<<"$spec"
    java -Dlabel="$label" -cp "$W:$dir/api/target/classes:$dir/impl-scheduler/target/classes:$BCP" Ping polyloop $args 2>&1 | grep PING
  done
  java -Dlabel=N -cp "$W:$BCP" Ping netty $args 2>&1 | grep PING
done
