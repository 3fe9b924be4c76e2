# s11 pin pilot: python3 pilot.py SIZE CYCLES PIN KIND... ; PIN=0: nothing pinned; PIN=1: servers taskset to CPU 0,
# generator -a 1. Alternating 1.0 s windows (0.3 s load before each), order reversed every cycle.
import subprocess, sys, time, os, json
root = '/tmp/benchb'
cp = root + '/bench/target/classes:' + open(root + '/bench/target/classpath.txt').read().strip()
java = os.environ.get('JAVA', 'java')
size = int(sys.argv[1]); cycles = int(sys.argv[2]); pin = sys.argv[3] == '1'; kinds = sys.argv[4:]
srv = []
for k in kinds:
    cmd = [java, '-Xms512m', '-Xmx512m', '-XX:+AlwaysPreTouch', '-XX:+UseG1GC',
           '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', cp, 'io.polyloop.bench.echo.EchoServerMain', k, '1']
    if pin:
        cmd = ['taskset', '-c', '0'] + cmd
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    srv.append((k, p, int(line.split()[1])))
def load(port, w, t):
    cmd = [root + '/bench/target/echoload', '-p', str(port), '-c', '100', '-s', str(size), '-d', '16',
           '-w', str(w), '-t', str(t), '-o', '/tmp/s11p/s.bin']
    if pin:
        cmd += ['-a', '1']
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
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
json.dump(res, open('/tmp/s11p/res-%d-pin%d-%s.json' % (size, pin, os.environ.get('TAG', 'x')), 'w'))
import math, statistics
for k in kinds:
    xs = [math.log(r[3]) for r in res if r[1] == k]
    print(k, 'pin' if pin else 'free', 'n', len(xs), 'median %.0f' % math.exp(statistics.median(xs)),
          'sd(log) %.3f' % statistics.stdev(xs))
by = {(r[0], r[1]): r[3] for r in res}
pairs = [math.log(by[(c, kinds[0])] / by[(c, kinds[1])]) for c in range(cycles)]
print('pair log-ratio mean %.3f sd %.3f wins %d of %d' % (statistics.mean(pairs), statistics.stdev(pairs), sum(x > 0 for x in pairs), len(pairs)))
