#!/bin/bash
# usage: SIZE=4096 JAVA=... pool.sh backend@dir ... -> the buffer pool's outstanding loans / retained bytes every 500 ms
# during an echoload run (PoolStatsMain of the s9 epoll harness, compiled into DIR/bench/target/classes).
SIZE=${SIZE:-4096}; JAVA=${JAVA:-java}; OUT=${OUT:-/tmp/uring-run}
case "$JAVA" in *25*) NA=--enable-native-access=ALL-UNNAMED;; *) NA="";; esac
for a in "$@"; do
  be=${a%%@*}; dir=${a#*@}
  cp="$dir/bench/target/classes:$(cat $dir/bench/target/classpath.txt)"
  $JAVA $NA -Xms512m -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      io.polyloop.bench.echo.PoolStatsMain $be single-threaded 16 > $OUT/pool.out 2> $OUT/pool.err &
  pid=$!
  for i in $(seq 100); do grep -q READY $OUT/pool.out 2>/dev/null && break; sleep 0.1; done
  port=$(awk '/READY/{print $2}' $OUT/pool.out)
  $dir/bench/target/echoload -p $port -c ${CONNS:-100} -s $SIZE -d ${DEPTH:-16} -w 1 -t 7 > /dev/null
  wait $pid
  echo "$a: $(grep outstanding $OUT/pool.err | sed -n 6,13p | tr '\n' ' ')"
done
