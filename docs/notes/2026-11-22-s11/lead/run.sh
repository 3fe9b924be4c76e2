#!/bin/bash
# one locked block (~4 min): unpinned and pinned, 64 B, polyloop io_uring vs Netty io_uring, 20 cycles each, twice
cd /tmp/s11p
for t in a b; do
  TAG=$t python3 pilot.py 64 20 0 polyloop:io_uring:single-threaded netty:io_uring
  TAG=$t python3 pilot.py 64 20 1 polyloop:io_uring:single-threaded netty:io_uring
done
