import sys, collections
# usage: cat.py file thread-substring ns_per_msg_total
f,thr,nsmsg=sys.argv[1],sys.argv[2],float(sys.argv[3])
tot=0; incl=collections.Counter(); leaf=collections.Counter(); cat=collections.Counter()
def classify(fr):
    # first kernel syscall entry frame
    for x in fr:
        if x.startswith('__x64_sys_'): return 'sys:'+x[10:].replace('_[k]','')
    for x in fr:
        if x.endswith('_[k]'): return 'kernel-other'
    l=fr[-1]
    if 'jnidispatch' in l or 'ffi_' in l or 'Java_com_sun_jna' in l or l.startswith('dispatch'): return 'jna-native'
    if l.endswith('_[j]') or l.endswith('_[i]') or l.endswith('_[0]') or '/' in l or '.' in l: return 'java'
    return 'native:'+l
for line in open(f):
    st,_,n=line.rstrip().rpartition(' '); n=int(n)
    fr=st.split(';')
    if thr not in fr[0]: continue
    tot+=n; fr=fr[1:]
    cat[classify(fr)]+=n
    leaf[fr[-1]]+=n
    for x in set(fr): incl[x]+=n
print(f'total {tot} samples = {nsmsg:.0f} ns/msg')
for c,n in cat.most_common(15): print(f'  {c:40s} {100*n/tot:5.1f}% {nsmsg*n/tot:6.0f} ns')
print('top leaf:')
for c,n in leaf.most_common(int(sys.argv[4]) if len(sys.argv)>4 else 30): print(f'  {100*n/tot:5.1f}% {nsmsg*n/tot:5.0f} {c}')
if len(sys.argv)>5:
    print('incl:')
    for c,n in incl.most_common(int(sys.argv[5])): print(f'  {100*n/tot:5.1f}% {nsmsg*n/tot:5.0f} {c[:150]}')
