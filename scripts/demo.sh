#!/usr/bin/env bash
# Starts the polyloop Karaf distribution in the foreground, with the echo example on 127.0.0.1:7007.
# Builds what is missing first (mvn -B -DskipTests install) when the distribution is absent or older than a source.
# Needs Java 17 as `java` and Maven. Stop it with Ctrl-D (or `shutdown -f`) at the karaf@polyloop prompt,
# or Ctrl-C.
#
#   scripts/demo.sh            build if needed, then run Karaf with its console
#   scripts/demo.sh --rebuild  rebuild first, whatever the timestamps say
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

rebuild=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=true ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "demo.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

command -v java >/dev/null || { echo "demo.sh: java is not on the PATH: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
command -v mvn >/dev/null || { echo "demo.sh: Maven (mvn) is not on the PATH: apt-get install maven" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major}" != "17" ]; then
    echo "demo.sh: java is ${java_major:-unknown}; Karaf 4.4 needs Java 17 (set PATH or JAVA_HOME to a JDK 17)" >&2
    exit 1
fi

version=$(sed -n 's|^  <version>\(.*\)</version>.*|\1|p' pom.xml | head -1)
dist="karaf-distribution/target/assembly"
zip="karaf-distribution/target/karaf-distribution-${version}.zip"
run="karaf-distribution/target/demo"

if [ ! -f "$zip" ] || [ ! -x "$dist/bin/karaf" ]; then
    echo "demo.sh: no built distribution yet: building (mvn -B -DskipTests install, a few minutes the first time)"
    rebuild=true
elif [ -n "$(find . -path ./.git -prune -o -path '*/target' -prune -o \
        \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$zip" -print 2>/dev/null | head -1)" ]; then
    echo "demo.sh: sources changed since the distribution was built: rebuilding (mvn -B -DskipTests install)"
    rebuild=true
fi
if $rebuild; then
    mvn -B -DskipTests install </dev/null
    rm -rf "$run"
fi

# Run a copy, so that Karaf's data/ never lands in the build output.
if [ ! -d "$run" ]; then
    cp -a "$dist" "$run"
fi
chmod +x "$run"/bin/*

if (exec 3<>/dev/tcp/127.0.0.1/7007) 2>/dev/null; then
    echo "demo.sh: warning: something already listens on 127.0.0.1:7007; the echo example will log that it cannot" \
         "bind (change port in $run/etc/io.polyloop.example.echo.cfg)" >&2
fi

cat <<MSG
demo.sh: starting Karaf from $run (Java $java_major)
  echo server:  127.0.0.1:7007, e.g. in another terminal:
                  nc 127.0.0.1 7007
                or, without netcat:
                  exec 3<>/dev/tcp/127.0.0.1/7007; echo hello >&3; head -1 <&3; exec 3<&-
  settings:     $run/etc/io.polyloop.runtime.cfg (edit while it runs; applied within a second)
  log:          $run/data/log/karaf.log   (console: log:tail, scr:list, bundle:list)
  stop:         Ctrl-D or 'shutdown -f' at the prompt, or Ctrl-C
MSG

export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
if [ -t 0 ]; then
    exec "$run/bin/karaf"
else
    # No terminal (piped, CI): no console, but the same server in the foreground.
    exec "$run/bin/karaf" server
fi
