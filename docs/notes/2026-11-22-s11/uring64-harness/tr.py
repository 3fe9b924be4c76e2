import sys,re,collections,statistics as st
# tr.py file: per io_uring_enter: SQEs submitted, CQEs posted; CQE results by kind; SQE opcodes
ops=collections.Counter(); enters=0; cq=collections.Counter(); res=collections.defaultdict(list)
per_enter=[]; cur=0
for l in open(sys.argv[1]):
    if 'io_uring_enter' in l and 'sys_enter' in l:
        enters+=1; per_enter.append(cur); cur=0; continue
    m=re.search(r'opcode (\S+)',l)
    if 'submit_req' in l:
        m=re.search(r'op (\d+|\w+)',l) or re.search(r'opcode (\S+)',l)
        ops[m.group(1) if m else l.split()[-6]]+=1; continue
    m=re.search(r'user_data 0x([0-9a-f]+), result (-?\d+), cflags 0x([0-9a-f]+)',l)
    if m:
        ud=int(m.group(1),16); r=int(m.group(2)); f=int(m.group(3),16)
        k=('buf' if f&1 else 'nobuf')+('+more' if f&2 else '')
        cq[k]+=1; res[k].append(r); cur+=1
print('enters',enters,'sqe ops',dict(ops),'cqes',dict(cq))
for k,v in res.items():
    pos=[x for x in v if x>0]
    print(f'  {k}: n={len(v)} res>0 median {st.median(pos) if pos else 0} mean {sum(pos)/max(1,len(pos)):.0f} neg/zero {len(v)-len(pos)}')
pe=[x for x in per_enter[1:]]
print('cqes per enter median',st.median(pe),'mean',sum(pe)/len(pe))
