#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make bench, part 5 (root): what recording costs the workload. The churn workload's CPU
# time (user + system: the tracers' programs and perf's event writes run in its context,
# and on a shared machine its wall time mostly measures the neighbours) and wall time,
# untraced and while each tracer runs system-wide in the background:
#   mmtrace record -a            (raw tracepoints and twins, per-CPU ring buffers, zstd)
#   perf stat -a -e kmem:...     (counting only)
#   perf record -a -e kmem:...   (every event into perf.data)
# as ratios to untraced (medians of BENCH_RUNS runs each, the setups taken in turn so a
# change in the machine's load spreads over all of them), plus the CPU the recorder itself
# used, then the bytes per event on disk of the .mmt (whole file, snapshots included) and of
# perf.data.
# Usage: bench_overhead.sh MMTRACE CHURN [N]
MMTRACE=$1 CHURN=$2 N=${3:-1000}
RUNS=${BENCH_RUNS:-3}
EV=kmem:mm_page_alloc,kmem:mm_page_free,kmem:mm_page_free_batched,kmem:mm_page_alloc_zone_locked
EV=$EV,kmem:mm_page_pcpu_drain,kmem:mm_page_alloc_extfrag,kmem:kmalloc,kmem:kfree
EV=$EV,kmem:kmem_cache_alloc,kmem:kmem_cache_free
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one run of the workload: "wall_ms cpu_ms" (GNU time: elapsed, user, system seconds)
run_ms()
{
	/usr/bin/time -f '%e %U %S' -o "$work/time" "$CHURN" "$N" > /dev/null
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# one run of the workload under NAME: CMD... in the background, given 3 s to attach and
# take its start snapshot, stopped with SIGINT after; its own CPU time is kept too
under()
{
	name=$1
	shift
	if [ "$name" = base ]; then
		run_ms >> "$work/$name.ms"
		return
	fi
	/usr/bin/time -f '%U %S' -o "$work/$name.self" "$@" > "$work/$name.out" 2>&1 &
	pid=$!
	sleep 3
	run_ms >> "$work/$name.ms"
	kill -INT $(pgrep -P $pid) 2> /dev/null
	wait $pid
	tail -n 1 "$work/$name.self" | awk '{ printf "%d\n", ($1 + $2) * 1000 }' >> "$work/$name.selfms"
}

command -v /usr/bin/time > /dev/null || { echo "SKIP: recording overhead: no GNU time"; exit 0; }
for i in $(seq "$RUNS"); do
	under base
	under mmtrace "$MMTRACE" record -a -o "$work/t.mmt"
	under perfstat perf stat -a -e "$EV" -o "$work/perfstat.txt"
	under perfrecord perf record -a -e "$EV" -o "$work/perf.data"
done
col() { cut -d' ' -f"$2" < "$work/$1.ms" | median; }
base=$(col base 1) basecpu=$(col base 2)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "== recording overhead: churn $N, medians of $RUNS runs, ratios to untraced"
printf '%-28s %8s %6s %8s %6s %12s\n' setup wall_ms ratio cpu_ms ratio tracer_cpu_ms
printf '%-28s %8s %6s %8s %6s %12s\n' untraced "$base" 1.00 "$basecpu" 1.00 -
for t in mmtrace:"mmtrace record -a" perfstat:"perf stat -a -e kmem:*" \
	perfrecord:"perf record -a -e kmem:*"; do
	name=${t%%:*}
	w=$(col "$name" 1) c=$(col "$name" 2) self=$(median < "$work/$name.selfms")
	printf '%-28s %8s %6s %8s %6s %12s\n' "${t#*:}" "$w" "$(ratio "$w" "$base")" "$c" \
		"$(ratio "$c" "$basecpu")" "$self"
done
grep 'recorded' "$work/mmtrace.out" | sed 's/^/  mmtrace (last run): /'
echo
echo "== bytes per event on disk (last run of each)"
n=$("$MMTRACE" info --json "$work/t.mmt" | sed -n 's/.*"nr_events": \([0-9]*\).*/\1/p')
b=$(stat -c %s "$work/t.mmt")
pn=$(perf report -i "$work/perf.data" --stats 2>/dev/null | awk '/SAMPLE events:/ { print $3; exit }')
pb=$(stat -c %s "$work/perf.data")
printf '%-30s %10s %12s %10s\n' file events bytes bytes/event
printf '%-30s %10s %12s %10s\n' "mmtrace .mmt (with snapshots)" "$n" "$b" \
	"$(awk -v b="$b" -v n="$n" 'BEGIN { printf "%.2f", b / n }')"
printf '%-30s %10s %12s %10s\n' perf.data "${pn:-?}" "$pb" \
	"$(awk -v b="$pb" -v n="${pn:-0}" 'BEGIN { if (n) printf "%.2f", b / n; else print "?" }')"
