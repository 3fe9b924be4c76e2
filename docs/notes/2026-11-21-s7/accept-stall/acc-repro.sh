#!/bin/bash
# usage: acc-repro.sh kind threads batches  — -Xint echo server, batches of 4000 idle held connections, like MemoryBench
D=/tmp/rec7; cp="$D/bench/target/classes:$(cat $D/bench/target/classpath.txt)"
kind=${1:-polyloop:io_uring:work-stealing}; th=${2:-2}; B=${3:-4}
sleep 100000 | java -Xint -Xms512m -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind $th > /tmp/acc-srv.out 2>&1 &
until grep -q READY /tmp/acc-srv.out; do sleep 0.2; done
port=$(grep READY /tmp/acc-srv.out | awk '{print $2}'); spid=$(pgrep -f "EchoServerMain $kind" | head -1)
echo "server pid $spid port $port"
hp=()
for b in $(seq 1 $B); do
  t0=$(date +%s.%N)
  $D/bench/target/echoload -H -p $port -c 4000 > /tmp/acc-h$b.out 2>&1 &
  hp+=($!)
  samp=""
  n=0; dumped=0
  until grep -q CONNECTED /tmp/acc-h$b.out; do sleep 0.5; n=$((n+1)); q=$(ss -ltnH "( sport = :$port )" | awk '{printf "%s,", $2}'); samp="$samp [$(awk '{print $14+$15}' /proc/$spid/stat) q=$q]"
    if [ $n -ge 8 ] && [ $dumped = 0 ] && [[ $q == 102* ]]; then dumped=1; jstack -l $spid > /tmp/acc-stall-$b.txt 2>&1; samp="$samp JSTACK"; fi; done
  echo "batch $b: $(grep CONNECTED /tmp/acc-h$b.out) in $(echo "$(date +%s.%N) - $t0" | bc) s; server cpu $(awk '{print $14+$15}' /proc/$spid/stat) ticks; estab $(ss -tn state established "( sport = :$port )" | wc -l)"
  echo "  samples (cpu ticks, accept queues):$samp"
  if grep -q "CONNECTED [0-9]* [1-9]" /tmp/acc-h$b.out; then jstack $spid > /tmp/acc-jstack-$b.txt 2>&1; echo "  jstack -> /tmp/acc-jstack-$b.txt; accept queue: $(ss -ltn "( sport = :$port )" | tail -n +2)"; fi
done
kill ${hp[@]} $spid 2>/dev/null; pkill -P $$ sleep 2>/dev/null
