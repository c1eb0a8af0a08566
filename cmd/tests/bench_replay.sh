#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench_replay.sh - replay throughput (events/s, one core) and peak RSS per managed page,
# against the goals of >= 30 M events/s follow, >= 10 M events/s simulate and <= 12 bytes
# per managed page; then, as root with perf, what `perf kmem stat` takes over the same
# workload recorded live, beside mmtrace import + replay of its ftrace recording.
#
# Usage: bench_replay.sh MMTRACE GEN_TRACE
#   GEN_TRACE is .output/bench/gen_trace (trace/tests/gen_trace.c).
# Environment:
#   BENCH_EVENTS     events of the synthetic trace (default 50000000)
#   BENCH_SNAPSHOT   the trace whose start snapshot it churns on (default
#                    testdata/traces/qemu-6.12-6g-2cpu.mmt: kpageflags map, 2 CPUs)
#   BENCH_N          churn iterations for the live comparison (default 1000)
#   BENCH_PERF_MMAP  perf record -m (default 64M: the default loses samples)
# Prints SKIP: <reason> lines for the parts that cannot run; exits 0 unless a tool fails.

set -u
MMTRACE=$1
GEN=$2
NR_EVENTS=${BENCH_EVENTS:-50000000}
SNAPSHOT=${BENCH_SNAPSHOT:-testdata/traces/qemu-6.12-6g-2cpu.mmt}
N=${BENCH_N:-1000}
PERF_MMAP=${BENCH_PERF_MMAP:-64M}
EVENTS="mm_page_alloc mm_page_free mm_page_free_batched mm_page_alloc_zone_locked
	mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree kmem_cache_alloc kmem_cache_free"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_replay.XXXXXX") || exit 1
INST=
cleanup()
{
	if [ -n "$INST" ] && [ -d "$INST" ]; then
		echo 0 >"$INST/tracing_on"
		for e in $EVENTS; do echo 0 >"$INST/events/kmem/$e/enable"; done
		rmdir "$INST"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now()
{
	date +%s.%N
}

# measure CMD...: runs CMD with stdout and stderr to $WORK/cmd.log and sets SECONDS_WALL
# and PEAK_KB (VmHWM). GNU time reports the peak exactly when installed; otherwise the
# peak is polled from /proc every 10 ms, which suffices because the engine allocates its
# state before the first event and the peak is held to the end.
measure()
{
	local t0 t1 pid hwm rc

	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$WORK/time.out" "$@" >"$WORK/cmd.log" 2>&1
		rc=$?
		read -r SECONDS_WALL PEAK_KB <"$WORK/time.out"
		return $rc
	fi
	PEAK_KB=0
	t0=$(now)
	"$@" >"$WORK/cmd.log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$hwm" ] && [ "$hwm" -gt "$PEAK_KB" ] && PEAK_KB=$hwm
		sleep 0.01
	done
	wait "$pid"
	rc=$?
	t1=$(now)
	SECONDS_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	return $rc
}

json_int()
{
	sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" | head -n 1
}

# managed pages of a trace's start snapshot: the sum over its zones
managed_pages()
{
	"$MMTRACE" info --json "$1" | awk '/"managed":/ { gsub(/[^0-9]/, "", $2); s += $2 } END { print s + 0 }'
}

nr_events()
{
	"$MMTRACE" info --json "$1" | json_int nr_events
}

# replay_row LABEL TRACE [REPLAY OPTIONS...]: one row of the throughput table. "net"
# events/s leave out the start-up (reading and applying the snapshot, writing the JSON),
# measured as the replay of a one-event trace from the same snapshot ($START_S, 0 if none).
replay_row()
{
	local label=$1 trace=$2 n pages
	shift 2

	n=$(nr_events "$trace")
	pages=$(managed_pages "$trace")
	if ! measure "$MMTRACE" replay --quiet -o /dev/null "$@" "$trace"; then
		echo "$label: replay failed: $(tail -n 1 "$WORK/cmd.log")"
		return 1
	fi
	awk -v l="$label" -v n="$n" -v s="$SECONDS_WALL" -v s0="${START_S:-0}" -v kb="$PEAK_KB" \
		-v p="$pages" 'BEGIN {
		if (s <= 0) s = 0.01
		net = s - s0 > 0.01 ? s - s0 : 0.01
		printf "%-26s %9d %6.2f %7.2f %7.2f %7d %8d %7.2f\n", l, n, s, n / s / 1e6,
			n / net / 1e6, kb / 1024, p, kb * 1024 / p }'
}

echo "== replay throughput (one core) and peak RSS"
if [ ! -x "$GEN" ]; then
	echo "SKIP: no generator at $GEN"
else
	big=$WORK/synthetic.mmt
	t0=$(now)
	"$GEN" "$SNAPSHOT" "$NR_EVENTS" "$big" 2>"$WORK/gen.log" || {
		echo "gen_trace failed: $(tail -n 1 "$WORK/gen.log")"
		exit 1
	}
	t1=$(now)
	awk -v a="$t0" -v b="$t1" -v n="$NR_EVENTS" -v f="$(stat -c %s "$big")" 'BEGIN {
		printf "# generated %d events on %s in %.1f s (%.2f M events/s written), %.2f bytes/event\n",
			n, "'"$(basename "$SNAPSHOT")"'", b - a, n / (b - a) / 1e6, f / n }'
	START_S=0
	if "$GEN" "$SNAPSHOT" 1 "$WORK/one.mmt" 2>/dev/null &&
		measure "$MMTRACE" replay --quiet -o /dev/null "$WORK/one.mmt"; then
		START_S=$SECONDS_WALL
		echo "# start-up (one-event trace from the same snapshot): $START_S s, peak RSS $((PEAK_KB / 1024)) MiB"
	fi
	printf '%-26s %9s %6s %7s %7s %7s %8s %7s\n' trace events secs "M ev/s" "net" "RSS MiB" \
		"managed" "B/page"
	replay_row "synthetic, follow" "$big"
	if "$MMTRACE" replay --quiet --mode simulate -o /dev/null "$SNAPSHOT" >/dev/null 2>&1; then
		replay_row "synthetic, simulate" "$big" --mode simulate
	else
		echo "simulate: not available"
	fi
	# the same churn with nine events in ten kmalloc/kfree/kmem_cache_*: the SLUB model's load
	heavy=$WORK/slab-heavy.mmt
	if "$GEN" --slab-heavy "$SNAPSHOT" "$NR_EVENTS" "$heavy" 2>"$WORK/gen.log"; then
		replay_row "slab-heavy, follow" "$heavy"
		replay_row "slab-heavy, simulate" "$heavy" --mode simulate
		rm -f "$heavy"
	else
		echo "slab-heavy: gen_trace failed: $(tail -n 1 "$WORK/gen.log")"
	fi
	START_S=0
	replay_row "host-churn, follow 6.12" testdata/traces/host-churn.mmt --kernel 6.12
	if "$MMTRACE" replay --quiet --mode simulate --kernel 6.12 -o /dev/null \
		testdata/traces/host-churn.mmt >/dev/null 2>&1; then
		replay_row "host-churn, simulate 6.12" testdata/traces/host-churn.mmt --kernel 6.12 --mode simulate
	fi
	# Peak RSS is a fixed part (binary, libraries, one decompressed block, read buffer) plus
	# the engine's per-page arrays. The same 2 M events churned on a smaller snapshot
	# separate the two: the difference per managed page is what a 1 TiB host pays.
	small=testdata/traces/qemu-6.12-2g.mmt
	if [ "$SNAPSHOT" != "$small" ] && "$GEN" "$small" 2000000 "$WORK/small.mmt" 2>/dev/null &&
		"$GEN" "$SNAPSHOT" 2000000 "$WORK/large.mmt" 2>/dev/null &&
		measure "$MMTRACE" replay --quiet -o /dev/null "$WORK/small.mmt"; then
		kb_small=$PEAK_KB
		if measure "$MMTRACE" replay --quiet -o /dev/null "$WORK/large.mmt"; then
			awk -v ks="$kb_small" -v kl="$PEAK_KB" -v ps="$(managed_pages "$small")" \
				-v pl="$(managed_pages "$SNAPSHOT")" 'BEGIN {
				per = (kl - ks) * 1024 / (pl - ps); fixed = ks * 1024 - per * ps
				printf "# per managed page: %.2f bytes (peak RSS %d KiB at %d pages, %d KiB at %d); fixed %.1f MiB; a 1 TiB host (268435456 pages): %.2f GiB\n",
					per, ks, ps, kl, pl, fixed / 1048576, (fixed + per * 268435456) / 1073741824 }'
		fi
		rm -f "$WORK/small.mmt" "$WORK/large.mmt"
	fi
	echo "# goals: follow >= 30 M events/s, simulate >= 10 M events/s (slab-heavy too), <= 12 bytes per managed page"
	echo "# net: without the start-up; host-churn (0.27 M events, no kpageflags map) is mostly start-up"
	rm -f "$big"
fi

echo
echo "== perf kmem against mmtrace on the same live workload"
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (system-wide perf and tracefs)"
	exit 0
fi
if ! command -v perf >/dev/null 2>&1; then
	echo "SKIP: perf not installed"
	exit 0
fi
cc -O2 -o "$WORK/churn" cmd/tests/e2e/workload_churn.c || exit 1
perf_events=
for e in $EVENTS; do perf_events="$perf_events -e kmem:$e"; done
sync
# shellcheck disable=SC2086
if ! perf record -q -m "$PERF_MMAP" $perf_events -a -o "$WORK/perf.data" \
	-- "$WORK/churn" "$N" >/dev/null 2>"$WORK/record.log"; then
	echo "SKIP: perf record failed: $(tail -n 1 "$WORK/record.log")"
	exit 0
fi
stats=$(perf report -i "$WORK/perf.data" --stats 2>/dev/null)
perf_n=$(echo "$stats" | awk '/^ *SAMPLE events:/ && !seen { print $3; seen = 1 }')
perf_lost=$(echo "$stats" | awk '/^ *LOST(_SAMPLES)? events:/ { s += $3 } END { print s + 0 }')
perf_page_n=$(perf script -i "$WORK/perf.data" -F event 2>/dev/null |
	grep -cE 'kmem:mm_page_(alloc|free):')

printf '%-34s %9s %8s %9s %8s\n' tool events seconds "ev/s" ratio
rows=$WORK/rows
: >"$rows"
if measure perf kmem -i "$WORK/perf.data" --page stat; then
	echo "perf kmem --page stat|$perf_n|$SECONDS_WALL" >>"$rows"
else
	echo "# perf kmem --page stat failed: $(tail -n 1 "$WORK/cmd.log")"
fi
if measure perf kmem -i "$WORK/perf.data" --slab stat; then
	echo "perf kmem --slab stat|$perf_n|$SECONDS_WALL" >>"$rows"
else
	echo "# perf kmem --slab stat failed: $(tail -n 1 "$WORK/cmd.log")"
fi

# the same workload through ftrace in a private instance, imported and replayed
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
if [ ! -d $T/instances ]; then
	echo "SKIP: no tracefs instances"
else
	INST=$T/instances/mmtrace-bench-replay-$$
	mkdir "$INST"
	echo 65536 >"$INST/buffer_size_kb"
	echo 0 >"$INST/tracing_on"
	for e in $EVENTS; do
		[ -d "$INST/events/kmem/$e" ] && echo 1 >"$INST/events/kmem/$e/enable"
	done
	"$MMTRACE" snapshot -o "$WORK/start.mmt" 2>"$WORK/snapshot.log" ||
		echo "# mmtrace snapshot failed: $(tail -n 1 "$WORK/snapshot.log")"
	sync
	echo 1 >"$INST/tracing_on"
	"$WORK/churn" "$N" >/dev/null
	echo 0 >"$INST/tracing_on"
	overrun=$(awk '/^overrun:/ { s += $2 } /^dropped events:/ { s += $3 } END { print s + 0 }' \
		"$INST"/per_cpu/cpu*/stats)
	[ "$overrun" = 0 ] || echo "# warning: ftrace overran $overrun events"
	cat "$INST/trace" >"$WORK/trace.txt"
	for e in $EVENTS; do echo 0 >"$INST/events/kmem/$e/enable"; done
	rmdir "$INST" && INST=
	snapopt=
	[ -s "$WORK/start.mmt" ] && snapopt="--snapshot $WORK/start.mmt"
	# shellcheck disable=SC2086
	if measure "$MMTRACE" import $snapopt -o "$WORK/live.mmt" "$WORK/trace.txt"; then
		live_n=$(nr_events "$WORK/live.mmt")
		echo "mmtrace import (ftrace text)|$live_n|$SECONDS_WALL" >>"$rows"
		if measure "$MMTRACE" replay --quiet --kernel 6.12 -o /dev/null "$WORK/live.mmt"; then
			echo "mmtrace replay --kernel 6.12|$live_n|$SECONDS_WALL" >>"$rows"
		else
			echo "# mmtrace replay failed: $(tail -n 1 "$WORK/cmd.log")"
		fi
	else
		echo "# mmtrace import failed: $(tail -n 1 "$WORK/cmd.log")"
	fi
fi
# ratio: events/s of each row over perf kmem --page stat's
awk -F'|' '{ t[NR] = $1; n[NR] = $2; s[NR] = $3 < 0.01 ? 0.01 : $3 }
	END {
		base = n[1] / s[1]
		for (i = 1; i <= NR; i++)
			printf "%-34s %9d %8.2f %9.0f %7.2fx\n", t[i], n[i], s[i], n[i] / s[i],
				n[i] / s[i] / base
	}' "$rows"
echo "# perf.data: $perf_n samples ($perf_page_n mm_page_alloc/free, what --page stat uses), $perf_lost lost;"
echo "# churn $N iterations, recorded separately for perf and ftrace; ratio = events/s over perf kmem --page stat's"
