# s10 pilot: python3 pilot.py SIZE CYCLES KIND... (EchoServerMain kinds) -> all servers up at once, each warmed 3 s,
# then CYCLES alternations of 0.3 s + 1.0 s echoload windows (order reversed every cycle); root = a built clone
# (bench/target/classes, classpath.txt with -P with-iouring, echoload). Run under flock -x /tmp/team/machine.lock.
import subprocess, sys, time, os, json
root = '/tmp/s10b'
cp = root + '/bench/target/classes:' + open(root + '/bench/target/classpath.txt').read().strip()
java = os.environ.get('JAVA', 'java')
size = int(sys.argv[1]); cycles = int(sys.argv[2]); kinds = sys.argv[3:]
extra = ['--enable-native-access=ALL-UNNAMED'] if '25' in java else []
srv = []
for k in kinds:
    p = subprocess.Popen([java] + extra + ['-Xms512m', '-Xmx512m', '-XX:+AlwaysPreTouch', '-XX:+UseG1GC',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', cp, 'io.polyloop.bench.echo.EchoServerMain', k, '1'],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    srv.append((k, p, int(line.split()[1])))
def load(port, w, t):
    out = subprocess.run([root + '/bench/target/echoload', '-p', str(port), '-c', '100', '-s', str(size), '-d', '16',
        '-w', str(w), '-t', str(t), '-o', '/tmp/s10b/pilot/s.bin'], capture_output=True, text=True).stdout
    r = dict(kv.split('=') for kv in out.split('RESULT ')[1].split())
    return int(r['msgs']) / float(r['secs'])
for k, p, port in srv:
    load(port, 3.0, 0.5)
res = []
t0 = time.time()
for c in range(cycles):
    order = srv if c % 2 == 0 else srv[::-1]
    for k, p, port in order:
        res.append((c, k, round(time.time() - t0, 2), load(port, 0.3, 1.0)))
for k, p, port in srv:
    p.stdin.close(); p.kill()
json.dump(res, open('/tmp/s10b/pilot/res-%d-%s.json' % (size, os.environ.get('TAG', 'x')), 'w'))
for r in res: print(*r)
