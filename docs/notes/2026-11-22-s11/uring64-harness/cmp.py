import sys, collections
# usage: cmp.py fileA thrA nsA fileB thrB nsB [frames...]: inclusive ns/msg of the loop thread's frames, side by side
def load(f,thr):
    tot=0; incl=collections.Counter()
    for line in open(f):
        st,_,n=line.rstrip().rpartition(' '); n=int(n); fr=st.split(';')
        if thr not in fr[0]: continue
        tot+=n
        for x in set(fr[1:]): incl[x]+=n
    return tot,incl
ta,ia=load(sys.argv[1],sys.argv[2]); na=float(sys.argv[3])
tb,ib=load(sys.argv[4],sys.argv[5]); nb=float(sys.argv[6])
keys=sys.argv[7:]
for k in keys:
    a=sum(v for x,v in ia.items() if x.startswith(k)); b=sum(v for x,v in ib.items() if x.startswith(k))
    print(f"{k[:60]:60s} A {100*a/ta:5.1f}% {na*a/ta:5.0f}ns   B {100*b/tb:5.1f}% {nb*b/tb:5.0f}ns")
