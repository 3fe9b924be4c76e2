#!/bin/bash
# cpfix.sh DIR [BASECP]: DIR/bench/target/classpath.txt = BASECP with the polyloop jars replaced by DIR's class dirs
d=$1; base=${2:-/tmp/epoll9-a/bench/target/classpath.txt.jars}
tr ':' '\n' < $base | sed -E \
 -e "s#.*/io/polyloop/api/.*\.jar#$d/api/target/classes#" \
 -e "s#.*/io/polyloop/impl-scheduler/.*\.jar#$d/impl-scheduler/target/classes#" \
 -e "s#.*/io/polyloop/impl-epoll/.*\.jar#$d/impl-epoll/target/classes#" \
 -e "s#.*/io/polyloop/impl-iouring/.*\.jar#$d/impl-iouring/target/classes#" \
 -e "s#.*/io/polyloop/posix/.*\.jar#$d/bundles/posix/target/classes#" \
 -e "s#.*/io/polyloop/redis-client/.*\.jar#$d/bundles/redis-client/target/classes#" \
 -e "s#.*/io/polyloop/mini-redis/.*\.jar#$d/bundles/mini-redis/target/classes#" | paste -sd: > $d/bench/target/classpath.txt
