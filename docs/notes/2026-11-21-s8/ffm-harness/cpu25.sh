#!/bin/bash
# usage: ROUNDS=n cpu.sh NAME=kind@dir ... -> per run: loop-thread CPU-ns per message and msgs/s over a W s window
# (after WARM s), messages from the client sockets' bytes_received; interleaved shuffled rounds
SIZE=${SIZE:-64}; W=${W:-3}; WARM=${WARM:-3}; R=/tmp/es6/run
one() {
  local name=$1 dir=$2 kind=$3 extra=$4
  local cp="$dir/bench/target/classes:$(cat $dir/bench/target/classpath.txt)"
  coproc SRV { exec ${JAVA:-java} $extra -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind 1; }
  local pid=$SRV_PID line; read -r line <&${SRV[0]}; local port=$(echo $line | awk '{print $2}')
  $dir/bench/target/echoload -p $port -c 100 -s $SIZE -d 16 -w 1 -t $((WARM+W+2)) > /dev/null &
  local lpid=$!
  sleep $WARM
  local tid=$(for t in /proc/$pid/task/*; do c=$(cat $t/comm); case "$c" in C1*|C2*|VM*|G1*|GC*) continue;; esac; echo "$(sed 's/.*) //' $t/stat | awk '{print $12+$13}') ${t##*/}"; done | sort -n | tail -1 | cut -d" " -f2)
  rx() { ss -tinH "( dport = :$port )" | grep -o 'bytes_received:[0-9]*' | awk -F: '{s+=$2}END{print s}'; }
  tcpu() { sed 's/.*) //' /proc/$pid/task/$tid/stat | awk '{print $12+$13}'; }
  pcpu() { awk '{print $14+$15}' /proc/$pid/stat; }
  local cc0=$(awk '{print $14+$15}' /proc/$lpid/stat) b0=$(rx) t0=$(tcpu) p0=$(pcpu)
  sleep $W
  local cc1=$(awk '{print $14+$15}' /proc/$lpid/stat) b1=$(rx) t1=$(tcpu) p1=$(pcpu)
  wait $lpid; kill $pid; wait $pid 2>/dev/null
  python3 -c "
m=($b1-$b0)/$SIZE
print(f'$name msgs/s {m/$W/1e6:.3f}M loop_ns/msg {($t1-$t0)*1e7/m:.0f} proc_ns/msg {($p1-$p0)*1e7/m:.0f} loop_cores {($t1-$t0)/100/$W:.2f} client_cores {($cc1-$cc0)/100/$W:.2f} load $(cut -d' ' -f1 /proc/loadavg)')"
}
declare -A K D X; names=()
for a in "$@"; do n=${a%%=*}; rest=${a#*=}; x=""; [[ $rest == *"#"* ]] && { x=${rest#*#}; rest=${rest%%#*}; }; D[$n]=${rest#*@}; K[$n]=${rest%%@*}; X[$n]=$x; names+=($n); done
for r in $(seq 1 ${ROUNDS:-6}); do
  for n in $(printf "%s\n" "${names[@]}" | shuf); do echo -n "r$r "; [ -e /tmp/team/LEAD-MEASURING ] && { echo "LEAD-MEASURING: stop"; exit 1; }; one $n ${D[$n]} ${K[$n]} "${X[$n]}"; done
done
