#!/usr/bin/env bash
# Runs every test of the repository: the unit tests of each module (surefire) and the Karaf integration tests of
# karaf-distribution (failsafe: Pax Exam in the built distribution, then a smoke test of the unzipped distribution).
# Needs Java 17 as `java` (Karaf 4.4 does not run on Java 25) and Maven 3.8+. Reads no stdin. Extra arguments go to
# Maven, e.g. scripts/test.sh -o  or  scripts/test.sh -pl bundles/example-echo -am
set -euo pipefail
cd "$(dirname "$0")/.."

command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) is not on the PATH: apt-get install maven" >&2; exit 1; }
command -v java >/dev/null || { echo "test.sh: java is not on the PATH: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major}" != "17" ]; then
    echo "test.sh: warning: java is ${java_major:-unknown}, not 17; the Karaf integration tests need Java 17" >&2
fi

# The Redis example tests drive a real redis-server, redis-cli and redis-benchmark (Debian packages).
./scripts/ensure-redis.sh </dev/null

exec mvn -B verify "$@" </dev/null
