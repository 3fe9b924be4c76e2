#!/bin/bash
# usage: ROUNDS=n SIZE=64 JAVA=... cpu.sh NAME=kind@dir[#jvmflags] ... -> per run: loop-thread CPU-ns per message and msgs/s
# over a W s window after WARM s; messages from the client sockets' bytes_received; interleaved shuffled rounds.
# SC=1: perf stat syscall counts of the loop thread over the window (per 1000 msgs) instead of nothing.
SIZE=${SIZE:-64}; W=${W:-3}; WARM=${WARM:-3}; OUT=${OUT:-/tmp/uring-run}
JAVA=${JAVA:-java}
case "$JAVA" in *25*) NA=--enable-native-access=ALL-UNNAMED;; *) NA="";; esac
one() {
  local name=$1 dir=$2 kind=$3 extra=$4
  local cp="$dir/bench/target/classes:$(cat $dir/bench/target/classpath.txt)"
  coproc SRV { exec ${PIN:+taskset -c 0} $JAVA $NA $extra -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind 1 2>>$OUT/srv.err; }
  local pid=$SRV_PID line; read -r line <&${SRV[0]}; local port=$(echo $line | awk '{print $2}')
  [ -z "$port" ] && { echo "$name: no port: $line"; kill $pid; return; }
  $dir/bench/target/echoload ${PIN:+-a 1} -p $port -c ${CONNS:-100} -s $SIZE -d ${DEPTH:-16} -w 1 -t $((WARM+W+2)) > /dev/null &
  local lpid=$!
  sleep $WARM
  local tid=$(for t in /proc/$pid/task/*; do c=$(cat $t/comm); case "$c" in C1*|C2*|VM*|G1*|GC*) continue;; esac; echo "$(sed 's/.*) //' $t/stat | awk '{print $12+$13}') ${t##*/}"; done | sort -n | tail -1 | cut -d" " -f2)
  rx() { ss -tinH "( dport = :$port )" | grep -o 'bytes_received:[0-9]*' | awk -F: '{s+=$2}END{printf "%.0f\n", s}'; }
  tcpu() { sed 's/.*) //' /proc/$pid/task/$tid/stat | awk '{print $12+$13}'; }
  pcpu() { awk '{print $14+$15}' /proc/$pid/stat; }
  local cc0=$(awk '{print $14+$15}' /proc/$lpid/stat) b0=$(rx) t0=$(tcpu) p0=$(pcpu) sc=""
  if [ -n "$SC" ]; then
    perf stat -x, -e raw_syscalls:sys_enter,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_recvmsg,syscalls:sys_enter_sendmsg,syscalls:sys_enter_writev,syscalls:sys_enter_readv,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_read,syscalls:sys_enter_write,context-switches -t $tid -o $OUT/perf.$name.txt -- sleep $W 2>/dev/null
  elif [ -n "$AP" ]; then java -cp /tmp/epoll-run Attach $pid /tmp/epoll-run/libasyncProfiler.so "start,event=cpu,interval=${APINT:-100us},threads" >/dev/null; sleep $W; java -cp /tmp/epoll-run Attach $pid /tmp/epoll-run/libasyncProfiler.so "stop,file=$OUT/ap.$name.$SIZE.${TAG:-x}.collapsed,collapsed" >/dev/null
  else sleep $W; fi
  local cc1=$(awk '{print $14+$15}' /proc/$lpid/stat) b1=$(rx) t1=$(tcpu) p1=$(pcpu)
  if [ -n "$SC" ]; then sc=$(awk -F, -v m=$(( (b1-b0)/SIZE )) '{n=$3; sub(/.*:sys_enter_/,"",n); sub(/raw_syscalls:sys_enter/,"all",n); if ($1+0>0) printf "%s=%.1f ", n, $1*1000/m}' $OUT/perf.$name.txt); fi
  wait $lpid; kill $pid; wait $pid 2>/dev/null
  python3 -c "
m=($b1-$b0)/$SIZE
print(f'$name msgs/s {m/$W/1e6:.3f}M loop_ns/msg {($t1-$t0)*1e7/m:.0f} proc_ns/msg {($p1-$p0)*1e7/m:.0f} loop_cores {($t1-$t0)/100/$W:.2f} client_cores {($cc1-$cc0)/100/$W:.2f} load $(cut -d' ' -f1 /proc/loadavg) $sc')"
}
declare -A K D X; names=()
for a in "$@"; do n=${a%%=*}; rest=${a#*=}; x=""; [[ $rest == *"#"* ]] && { x=${rest#*#}; rest=${rest%%#*}; }; D[$n]=${rest#*@}; K[$n]=${rest%%@*}; X[$n]=$x; names+=($n); done
for r in $(seq 1 ${ROUNDS:-6}); do
  for n in $(printf "%s\n" "${names[@]}" | shuf); do echo -n "r$r "; one $n ${D[$n]} ${K[$n]} "${X[$n]}"; done
done
