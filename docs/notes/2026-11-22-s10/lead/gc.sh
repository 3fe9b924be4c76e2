#!/bin/bash
# usage: gc.sh kind size -> GC count and pauses during a 5 s window
kind=$1; size=$2; cp="/tmp/s10b/bench/target/classes:$(cat /tmp/s10b/bench/target/classpath.txt)"
log=/tmp/s10b/gc/$(echo $kind | tr ':' '_')-$size.log; rm -f $log
coproc SRV { exec java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -Xlog:gc:file=$log -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind 1; }
read -r line <&${SRV[0]}; port=$(echo $line | awk '{print $2}')
/tmp/s10b/bench/target/echoload -p $port -c 100 -s $size -d 16 -w 3 -t 0.5 -o /tmp/s10b/gc/s.bin > /dev/null
n0=$(grep -c "Pause Young" $log)
r=$(/tmp/s10b/bench/target/echoload -p $port -c 100 -s $size -d 16 -w 0.3 -t 5 -o /tmp/s10b/gc/s.bin | grep RESULT)
n1=$(grep -c "Pause Young" $log)
kill $SRV_PID; wait $SRV_PID 2>/dev/null
msgs=$(echo $r | grep -o 'msgs=[0-9]*' | cut -d= -f2)
pauses=$(grep "Pause Young" $log | tail -n $((n1-n0)) | grep -o '[0-9.]*ms' | tr -d ms | tr '\n' ' ')
echo "$kind $size msgs=$msgs young_gcs_in_window=$((n1-n0)) pauses_ms: $pauses"
