#!/bin/bash
# Interleaved A/B of the stream harness (Post.java): per rep, each build once, then each peer (PEERS="netty fjp").
# usage: BASE=<build copy with bench/target/classpath.txt> W=<dir with Post.class> ab.sh reps stream|blocked batches "label:dir[:jvmflags]" ...
# Run it under the machine lock: flock -x /tmp/team/machine.lock ab.sh ...  The figure to read: BATCH ... p10.
reps=$1; mode=$2; n=$3; shift 3
BCP=$(cat "$BASE/bench/target/classpath.txt")
for r in $(seq 1 "$reps"); do
  for spec in "$@"; do
    IFS=: read -r label dir flags <<<"$spec"
    java $flags -Dlabel="$label" -cp "$W:$dir/api/target/classes:$dir/impl-scheduler/target/classes:$BCP" Post polyloop "$mode" "$n" "${ROUNDS:-7}" 2>&1 | grep -E "RESULT|BATCH"
  done
  for p in ${PEERS:-}; do java -Dlabel=peer -cp "$W:$BCP" Post "$p" "$mode" "$n" "${ROUNDS:-7}" 2>&1 | grep -E "RESULT|BATCH"; done
done
