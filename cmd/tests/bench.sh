#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make bench: the trace format against what users would use instead.
#  1. bytes/event of the committed real traces (event blocks only), beside the
#     trace.dat and perf.data figures measured on the same workload
#     (testdata/ftrace/BASELINES.md; re-measured live below when root);
#  2. writer and reader throughput on one core (goal: write >= 2 M events/s);
#  3. replay throughput and peak RSS per managed page on a 50 M-event synthetic trace
#     and the real one, and perf kmem stat against import + replay of the same live
#     workload (cmd/tests/bench_replay.sh; the live part needs root and perf);
#  4. with root, the live baseline: the churn workload recorded by ftrace, trace-cmd
#     and perf, each compressed, against mmtrace import of the same text;
#  5. with root and perf, the recording overhead: the workload's wall time under
#     mmtrace record -a, perf stat -a and perf record -a as ratios to untraced, and
#     bytes/event of the .mmt against perf.data (cmd/tests/bench_overhead.sh).
# Usage: bench.sh MMTRACE BENCH_FORMAT GEN_TRACE
MMTRACE=$1 BENCH=$2 GEN=$3
set -e
echo "== size of the committed real traces (event blocks only)"
printf '%-34s %10s %12s %10s\n' trace events event-bytes bytes/event
for t in testdata/traces/*.mmt; do
	j=$("$MMTRACE" info --json "$t")
	n=$(echo "$j" | sed -n 's/.*"nr_events": \([0-9]*\).*/\1/p')
	b=$(echo "$j" | sed -n 's/.*"event_bytes": \([0-9]*\).*/\1/p')
	src=$(echo "$j" | sed -n 's/.*"source": "\([^"]*\)".*/\1/p')
	[ "$src" = synthetic ] && continue
	[ "$n" -gt 0 ] || continue
	printf '%-34s %10s %12s %10s\n' "$(basename "$t")" "$n" "$b" \
		"$(awk -v b="$b" -v n="$n" 'BEGIN { printf "%.3f", b / n }')"
done
echo
echo "== writer/reader throughput (largest real trace, replayed to 20 M events)"
big=$(ls -S testdata/traces/*.mmt | head -n 1)
"$BENCH" "$big"
echo
bash cmd/tests/bench_replay.sh "$MMTRACE" "$GEN"
echo
echo "== live baseline (root, tracefs, trace-cmd, perf)"
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/churn" cmd/tests/e2e/workload_churn.c
N=${BENCH_N:-2000}
if bash cmd/tests/bench_baselines.sh "$work/churn" "$N" > "$work/base.txt" 2>"$work/base.err"; then
	cat "$work/base.txt"
else
	tail -n 3 "$work/base.err"
fi
echo
if command -v perf > /dev/null; then
	sh cmd/tests/bench_overhead.sh "$MMTRACE" "$work/churn" "${BENCH_OVERHEAD_N:-1000}"
else
	echo "SKIP: recording overhead: no perf"
fi
