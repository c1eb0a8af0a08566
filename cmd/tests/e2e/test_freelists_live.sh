#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The eBPF free-list walk (mmtrace/freelists) against the kernel's own counts, read right
# after it: per zone and order the walked lists hold /proc/buddyinfo's nr_free blocks, per
# (zone, migratetype, order) /proc/pagetypeinfo's, and each CPU's walked pcp count is
# /proc/zoneinfo's. A busy machine changes between the walk and the reads, so up to five
# tries; the best is reported. Exact agreement is required once, unless /proc/buddyinfo
# itself changes within 50 ms or while a try walks and reads (then the oracle moves faster
# than the test can read it, and 80% is required, with a note).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (BPF)"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "SKIP: no kernel BTF"; exit 77; }

# "b ZONE ORDER N", "t ZONE MT ORDER N", "p ZONE CPU COUNT" from the walk ...
walked() {
	awk '$1 == "zone" { z = $3; next }
	     $1 == "free" { b[z " " $2] += $4; t[z " " $3 " " $2] += $4 }
	     $1 == "pcp" { for (i = 3; i <= NF; i++) if ($i ~ /^count=/) { sub("count=", "", $i); print "p", z, $2, $i } }
	     END { for (k in b) print "b", k, b[k]; for (k in t) print "t", k, t[k] }' "$1" | sort
}
# ... and from /proc (pagetypeinfo rows are in migratetype order; caps ">100000" never match)
procfs() {
	awk '{ z = $4; for (o = 5; o <= NF; o++) print "b", z, o - 5, $o }' /proc/buddyinfo
	awk '/^Node .*type/ { z = $4; sub(",", "", z); if (z != last) { mt = 0; last = z }
	       for (o = 7; o <= NF; o++) print "t", z, mt, o - 7, $o; mt++ }' /proc/pagetypeinfo
	awk '/^Node/ { z = $4 } /^ *cpu:/ { c = $2 } /^ *count:/ { print "p", z, c, $2 }' /proc/zoneinfo
}

best=-1
busy=0
for try in 1 2 3 4 5; do
	a=$(cat /proc/buddyinfo); sleep 0.05; b=$(cat /proc/buddyinfo)
	[ "$a" = "$b" ] || busy=1
	before=$b
	"$MMTRACE" snapshot --no-pfn-map -o "$SCRATCH/s.mmt" --freelists-out "$SCRATCH/fl.txt" \
		2> "$SCRATCH/err" || { cat "$SCRATCH/err"; exit 1; }
	if grep -q '^unavailable' "$SCRATCH/fl.txt"; then
		echo "SKIP: $(sed -n 's/^unavailable //p' "$SCRATCH/fl.txt")"
		exit 77
	fi
	procfs | sort > "$SCRATCH/proc.txt"
	# the window the comparison races with: walk, then the /proc reads
	[ "$(cat /proc/buddyinfo)" = "$before" ] || busy=1
	walked "$SCRATCH/fl.txt" > "$SCRATCH/walk.txt"
	total=$(grep -c . "$SCRATCH/walk.txt")
	same=$(comm -12 "$SCRATCH/walk.txt" "$SCRATCH/proc.txt" | grep -c .)
	[ "$same" -gt "$best" ] && { best=$same; cp "$SCRATCH/err" "$SCRATCH/best.err"; }
	[ "$same" = "$total" ] && break
done
sed -n 's/^free lists/walk: free lists/p' "$SCRATCH/best.err"
for k in b t p; do
	n=$(grep -c "^$k " "$SCRATCH/walk.txt")
	m=$(comm -12 "$SCRATCH/walk.txt" "$SCRATCH/proc.txt" | grep -c "^$k ")
	echo "$k: $m of $n equal ($( [ $k = b ] && echo buddyinfo; [ $k = t ] && echo pagetypeinfo; [ $k = p ] && echo zoneinfo pcp count))"
done
echo "best of $try tries: $best of $total equal"
[ "$best" = "$total" ] && exit 0
if [ "$busy" = 1 ]; then
	echo "note: /proc/buddyinfo changed during a try: a busy machine, 80% required"
	[ "$best" -ge $((total * 80 / 100)) ]
else
	exit 1
fi
