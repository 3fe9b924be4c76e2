#!/bin/bash
# acc-repro.sh variant: D=build dir, JFLAGS extra JVM flags, OUT prefix
D=${D:-/tmp/rec7}; cp="$D/bench/target/classes:$(cat $D/bench/target/classpath.txt)"
O=${OUT:-/tmp/stall-acc}
kind=${1:-polyloop:io_uring:work-stealing}; th=${2:-2}; B=${3:-4}
ulimit -n 65536 2>/dev/null
sleep 100000 | java -Xint -Xms512m -Xmx512m -XX:+UseG1GC $JFLAGS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind $th > $O-srv.out 2>&1 &
spid=$!
until grep -q READY $O-srv.out; do sleep 0.2; done
port=$(grep READY $O-srv.out | awk '{print $2}')
echo "server pid $spid port $port"
hp=()
stalled=0
for b in $(seq 1 $B); do
  t0=$(date +%s.%N)
  $D/bench/target/echoload -H -p $port -c 4000 > $O-h$b.out 2>&1 &
  hp+=($!)
  samp=""
  n=0; dumped=0
  until grep -q CONNECTED $O-h$b.out; do sleep 0.5; n=$((n+1)); q=$(ss -ltnH "( sport = :$port )" | awk '{printf "%s,", $2}'); samp="$samp [$(awk '{print $14+$15}' /proc/$spid/stat) q=$q]"
    if [ $n -ge 8 ] && [ $dumped = 0 ] && [[ $q == *102[0-9]* ]]; then dumped=1; stalled=1; jstack -l $spid > $O-stall-$b.txt 2>&1; for fd in /proc/$spid/fd/*; do l=$(readlink $fd); case "$l" in *eventfd*|*io_uring*) echo "== $fd $l"; cat /proc/$spid/fdinfo/${fd##*/};; esac; done > $O-fdinfo-$b.txt 2>&1; samp="$samp JSTACK"; fi; done
  echo "batch $b: $(grep CONNECTED $O-h$b.out) in $(echo "$(date +%s.%N) - $t0" | bc) s; server cpu $(awk '{print $14+$15}' /proc/$spid/stat) ticks"
  echo "  samples (cpu ticks, accept queues):$samp"
done
kill ${hp[@]} $spid 2>/dev/null
pkill -P $$ sleep 2>/dev/null
wait 2>/dev/null
echo "STALLED=$stalled"
