import sys,re,statistics as st
# sum.py file A/B ...: per name medians; per pair paired ratios (loop ns/msg, msgs/s, p99) over rounds
rows={}; rounds={}
for l in open(sys.argv[1]):
    m=re.match(r'r(\d+) (\S+) msgs/s ([\d.]+)M loop_ns/msg (\d+) p50 (\d+) p99 (\d+) client_cpu ([\d.]+) load ([\d.]+)',l)
    if not m: continue
    r,n=m.group(1),m.group(2); v=[float(m.group(i)) for i in range(3,9)]
    if v[1]>100000: continue  # a broken window (the generator ended before the sample)
    rows.setdefault(n,[]).append(v); rounds.setdefault(r,{})[n]=v
for n,v in sorted(rows.items()):
    col=lambda i:[x[i] for x in v]
    f=lambda i,fmt: f"{st.median(col(i)):{fmt}} [{min(col(i)):{fmt}}-{max(col(i)):{fmt}}]"
    print(f"{n}: n={len(v)} msgs/s {f(0,'.3f')} M  loop ns/msg {f(1,'.0f')}  p50 {f(2,'.0f')}  p99 {f(3,'.0f')}  client {st.median(col(4)):.2f} load {min(col(5))}-{max(col(5))}")
for p in sys.argv[2:]:
    a,b=p.split('/')
    pr=[x for x in rounds.values() if a in x and b in x]
    if not pr: continue
    rs=[x[a][1]/x[b][1] for x in pr]; ts=[x[a][0]/x[b][0] for x in pr]; ps=[x[b][3]/x[a][3] for x in pr]
    g=lambda z: f"{st.median(z):.3f} [{min(z):.3f}-{max(z):.3f}]"
    print(f"  {a}/{b} ({len(pr)} rounds): loop ns/msg {g(rs)}, {a} cheaper in {sum(r<1 for r in rs)}; msgs/s {g(ts)}, {a} ahead in {sum(t>1 for t in ts)}; p99 {b}/{a} {g(ps)}, {a} lower in {sum(t>1 for t in ps)}")
