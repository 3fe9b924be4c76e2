import sys,re,statistics as st
rows={}; rounds={}
for l in open(sys.argv[1]):
    m=re.match(r'r(\d+) (\S+) msgs/s ([\d.]+)M loop_ns/msg (\d+) proc_ns/msg (\d+) loop_cores ([\d.]+) client_cores ([\d.]+) load ([\d.]+)',l)
    if not m: continue
    r,n=m.group(1),m.group(2); v=[float(m.group(i)) for i in range(3,9)]
    rows.setdefault(n,[]).append(v); rounds.setdefault(r,{})[n]=v
for n,v in sorted(rows.items()):
    col=lambda i:[x[i] for x in v]
    f=lambda i,fmt: f"{st.median(col(i)):{fmt}} [{min(col(i)):{fmt}}-{max(col(i)):{fmt}}]"
    print(f"{n}: n={len(v)} msgs/s {f(0,'.2f')} M  loop ns/msg {f(1,'.0f')}  proc ns/msg {f(2,'.0f')}  loop cores {st.median(col(3)):.2f} client cores {st.median(col(4)):.2f} load {min(col(5))}-{max(col(5))}")
for p in sys.argv[2:]:
    a,b=p.split('/')
    rs=[x[a][1]/x[b][1] for x in rounds.values() if a in x and b in x]
    ts=[x[a][0]/x[b][0] for x in rounds.values() if a in x and b in x]
    print(f"  {a}/{b}: loop ns/msg ratio median {st.median(rs):.3f} [{min(rs):.3f}-{max(rs):.3f}] ({a} cheaper in {sum(r<1 for r in rs)} of {len(rs)}); msgs/s ratio median {st.median(ts):.3f} ({a} ahead in {sum(t>1 for t in ts)} of {len(ts)})")
