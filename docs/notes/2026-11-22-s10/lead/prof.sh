#!/bin/bash
# usage: prof.sh kind size tag -> async-profiler collapsed CPU profile of the server over a 5 s window
kind=$1; size=$2; tag=$3; cp="/tmp/s10b/bench/target/classes:$(cat /tmp/s10b/bench/target/classpath.txt)"
coproc SRV { exec java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.polyloop.bench.echo.EchoServerMain $kind 1; }
read -r line <&${SRV[0]}; port=$(echo $line | awk '{print $2}')
/tmp/s10b/bench/target/echoload -p $port -c 100 -s $size -d 16 -w 3 -t 0.5 -o /tmp/s10b/gc/s.bin > /dev/null
/tmp/s10b/bench/target/echoload -p $port -c 100 -s $size -d 16 -w 0.5 -t 6 -o /tmp/s10b/gc/s.bin > /tmp/s10b/gc/load.$tag.txt &
sleep 0.7
java -cp /tmp/epoll-run Attach $SRV_PID /tmp/epoll-run/libasyncProfiler.so "start,event=cpu,interval=100us,threads" > /dev/null
sleep 5
java -cp /tmp/epoll-run Attach $SRV_PID /tmp/epoll-run/libasyncProfiler.so "stop,file=/tmp/s10b/gc/ap.$tag.collapsed,collapsed" > /dev/null
wait %1 2>/dev/null; sleep 1
kill $SRV_PID; wait $SRV_PID 2>/dev/null
grep RESULT /tmp/s10b/gc/load.$tag.txt | cut -c1-60
