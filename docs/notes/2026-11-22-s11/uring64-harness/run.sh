#!/bin/bash
# usage: ROUNDS=n SIZE=64 JAVA=... run.sh NAME=kind@dir[#jvmflags] ...
# Per run: loop-thread CPU-ns per message, msgs/s and p99 from echoload's own measured window (-w WARM -t W, samples
# file), interleaved shuffled rounds. Derived from s9's epoll-harness/cpu.sh (adds the generator's window and p99).
# SC=1: perf stat of syscalls and io_uring tracepoints of the whole server process over the window (per 1000 msgs).
# AP=1: async-profiler cpu profile of the window (collapsed).
SIZE=${SIZE:-64}; W=${W:-4}; WARM=${WARM:-3}; OUT=${OUT:-/tmp/uring64-run}
JAVA=${JAVA:-java}; [ -n "$AP$TR" ] && XT=${XT:-3}
case "$JAVA" in *25*) NA=--enable-native-access=ALL-UNNAMED;; *) NA="";; esac
EV=raw_syscalls:sys_enter,syscalls:sys_enter_io_uring_enter,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_poll,syscalls:sys_enter_ppoll,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_futex,io_uring:io_uring_submit_req,io_uring:io_uring_complete,io_uring:io_uring_poll_arm,io_uring:io_uring_task_add,io_uring:io_uring_local_work_run,context-switches
one() {
  local name=$1 dir=$2 kind=$3 extra=$4
  local cp="$dir/bench/target/classes:$(cat $dir/bench/target/classpath.txt)"
  if [ "$kind" = cecho ]; then coproc SRV { exec /tmp/uring64-h/cecho 2>>$OUT/srv.err; }; else
  coproc SRV { exec $JAVA $NA $extra -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind 1 2>>$OUT/srv.err; }; fi
  local pid=$SRV_PID line; read -r line <&${SRV[0]}; local port=$(echo $line | awk '{print $2}')
  [ -z "$port" ] && { echo "$name: no port: $line"; kill $pid; return; }
  $dir/bench/target/echoload -p $port -c ${CONNS:-100} -s $SIZE -d ${DEPTH:-16} -w $WARM -t $((W+${XT:-0})) -o $OUT/lat.bin > $OUT/load.out &
  local lpid=$!
  # the generator starts its window after WARM s (and once all connections answered): sample the loop around it
  sleep $WARM.3 # inside the generator's window, which closes at WARM+W (its RESULT: msgs/s, p99)
  local tid=$(for t in /proc/$pid/task/*; do c=$(cat $t/comm); case "$c" in C1*|C2*|VM*|G1*|GC*) continue;; esac; echo "$(sed 's/.*) //' $t/stat | awk '{print $12+$13}') ${t##*/}"; done | sort -n | tail -1 | cut -d" " -f2)
  rx() { ss -tinH "( dport = :$port )" | grep -o 'bytes_received:[0-9]*' | awk -F: '{s+=$2}END{printf "%.0f\n", s}'; }
  tcpu() { sed 's/.*) //' /proc/$pid/task/$tid/stat | awk '{print $12+$13}'; }
  local b0=$(rx) t0=$(tcpu) sc=""
  if [ -n "$SC" ]; then
    perf stat -x, -e raw_syscalls:sys_enter,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_write,syscalls:sys_enter_sendto,context-switches -p $lpid -o $OUT/cperf.$name.txt -- sleep $((W-1)) 2>/dev/null &
    perf stat -x, -e $EV -p $pid -o $OUT/perf.$name.txt -- sleep $((W-1)) 2>/dev/null; wait $!
  elif [ -n "$TR" ]; then
    perf record -q -e io_uring:io_uring_complete,io_uring:io_uring_submit_req,syscalls:sys_enter_io_uring_enter -p $pid -o $OUT/tr.$name.data -- sleep 1 >/dev/null 2>&1; sleep $((W-2))
  elif [ -n "$AP" ]; then java -cp /tmp/epoll-run Attach $pid /tmp/epoll-run/libasyncProfiler.so "start,event=cpu,interval=${APINT:-100us},threads" >/dev/null; sleep $((W-1)); java -cp /tmp/epoll-run Attach $pid /tmp/epoll-run/libasyncProfiler.so "stop,file=$OUT/ap.$name.$SIZE.${TAG:-x}.collapsed,collapsed" >/dev/null
  else sleep $((W-1)); fi
  local b1=$(rx) t1=$(tcpu)
  if [ -n "$SC" ]; then sc=$(awk -F, -v m=$(( (b1-b0)/SIZE )) '{n=$3; sub(/.*:sys_enter_/,"",n); sub(/raw_syscalls:sys_enter/,"all",n); sub(/io_uring:io_uring_/,"u_",n); if ($1+0>0) printf "%s=%.1f ", n, $1*1000/m}' $OUT/perf.$name.txt); sc="$sc| client $(awk -F, -v m=$(( (b1-b0)/SIZE )) '{n=$3; sub(/.*:sys_enter_/,"",n); sub(/raw_syscalls:sys_enter/,"all",n); if ($1+0>0) printf "%s=%.1f ", n, $1*1000/m}' $OUT/cperf.$name.txt)"; fi
  wait $lpid; kill $pid; wait $pid 2>/dev/null
  local res=$(grep RESULT $OUT/load.out)
  python3 - "$res" <<PY
import sys,array,re
d=dict(kv.split('=') for kv in sys.argv[1].split()[1:])
a=array.array('I'); a.frombytes(open('$OUT/lat.bin','rb').read()); s=sorted(a)
p=lambda q: s[min(len(s)-1,int(q*len(s)))]/1000 if s else -1
m=($b1-$b0)/$SIZE
print(f"$name msgs/s {float(d['msgs'])/float(d['secs'])/1e6:.3f}M loop_ns/msg {($t1-$t0)*1e7/max(m,1):.0f} p50 {p(.5):.0f} p99 {p(.99):.0f} client_cpu {float(d['client_cpu'])/float(d['secs']):.2f} load $(cut -d' ' -f1 /proc/loadavg) $sc")
PY
}
declare -A K D X; names=()
for a in "$@"; do n=${a%%=*}; rest=${a#*=}; x=""; [[ $rest == *"#"* ]] && { x=${rest#*#}; rest=${rest%%#*}; }; D[$n]=${rest#*@}; K[$n]=${rest%%@*}; X[$n]=$x; names+=($n); done
for r in $(seq 1 ${ROUNDS:-6}); do
  for n in $(printf "%s\n" "${names[@]}" | shuf); do echo -n "r$r "; one $n ${D[$n]} ${K[$n]} "${X[$n]}"; done
done
