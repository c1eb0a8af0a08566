#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench_baselines.sh - what the same kmem recording costs in the formats of the
# tools users would pick instead of mmtrace: ftrace text, trace-cmd's trace.dat
# and perf.data, raw and zstd -19 compressed.
#
# Usage: bench_baselines.sh WORKLOAD N [RUNS]
#   runs "WORKLOAD N" once per tool and run (RUNS, default 1) with the ten kmem
#   page and slab events enabled system-wide, and prints on stdout
#     tool bytes events bytes/event
#   Lines starting with '#' are comments (run number, wall time, checks).
#   Needs root, tracefs, trace-cmd, perf and zstd; otherwise prints
#   "SKIP: <reason>" and exits 77, like the e2e tests.
#
# Environment:
#   BENCH_BUFFER_KB  per-CPU ftrace buffer in KiB (default 65536); the run fails
#                    if the ring buffer overran, so nothing is counted short
#   BENCH_PERF_MMAP  perf record -m value (default 64M); perf's default size
#                    loses samples at ~300k events/s
#   BENCH_KEEP=1     keep the work directory and print its path
#
# ftrace is recorded in a private instance, not the top-level buffer, so that
# other users of tracefs are not disturbed. trace-cmd 3.1 extract also reads
# the top-level buffer (and consumes it), so the script refuses to run while
# that buffer holds data, and passes -k so extract leaves every instance's
# tracing_on and events alone.

set -u

EVENTS="mm_page_alloc mm_page_free mm_page_free_batched mm_page_alloc_zone_locked
	mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree kmem_cache_alloc kmem_cache_free"
TRACEFS=/sys/kernel/tracing
INSTANCE=mmtrace-bench-$$
BUFFER_KB=${BENCH_BUFFER_KB:-65536}
PERF_MMAP=${BENCH_PERF_MMAP:-64M}

skip()
{
	echo "SKIP: $*"
	exit 77
}

die()
{
	echo "bench_baselines: error: $*" >&2
	exit 1
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "Usage: $0 WORKLOAD N [RUNS]" >&2
	exit 2
fi
WORKLOAD=$1
NR_ITERS=$2
RUNS=${3:-1}

[ "$(id -u)" = 0 ] || skip "needs root (tracefs and system-wide perf)"
for tool in trace-cmd perf zstd; do
	command -v $tool >/dev/null 2>&1 || skip "$tool not installed"
done
[ -x "$WORKLOAD" ] || skip "workload $WORKLOAD is not executable"
[ -d $TRACEFS/instances ] || skip "tracefs not mounted at $TRACEFS"
for e in $EVENTS; do
	[ -d "$TRACEFS/events/kmem/$e" ] || skip "kernel has no kmem:$e tracepoint"
done
for c in "$TRACEFS"/per_cpu/cpu*; do
	n=$(awk '/^entries:/ {print $2}' "$c/stats")
	[ "$n" = 0 ] || skip "top-level ftrace buffer holds data ($c: $n entries); trace-cmd extract would consume it"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_baselines.XXXXXX") || die "mktemp failed"
INST=$TRACEFS/instances/$INSTANCE

cleanup()
{
	if [ -d "$INST" ]; then
		echo 0 >"$INST/tracing_on"
		for e in $EVENTS; do echo 0 >"$INST/events/kmem/$e/enable"; done
		rmdir "$INST"
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "# kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

perf_events=$(for e in $EVENTS; do printf 'kmem:%s,' "$e"; done)
perf_events=${perf_events%,}

size()
{
	stat -c %s "$1"
}

row()
{
	# tool bytes events
	awk -v t="$1" -v b="$2" -v n="$3" \
		'BEGIN { printf "%-22s %10d %8d %8.2f\n", t, b, n, n ? b / n : 0 }'
}

zst19()
{
	zstd -19 -T0 -q -f -o "$1.zst" "$1" || die "zstd $1 failed"
	size "$1.zst"
}

# seconds since boot, 10 ms resolution: enough for a wall-time comment
now()
{
	awk '{ print $1 }' /proc/uptime
}

bench_ftrace()
{
	local run=$1
	local dir=$WORK/ftrace.$run t0 t1 c n nr_text nr_dat text_zst raw_zst
	local rb_bytes=0 rb_entries=0

	mkdir -p "$dir"
	mkdir "$INST" || die "cannot create tracefs instance $INST"
	echo "$BUFFER_KB" >"$INST/buffer_size_kb"
	echo 0 >"$INST/tracing_on"
	for e in $EVENTS; do echo 1 >"$INST/events/kmem/$e/enable"; done
	# write back dirty pages first, so unrelated ext4 writeback stays out
	sync
	echo 1 >"$INST/tracing_on"
	t0=$(now)
	"$WORKLOAD" "$NR_ITERS" || die "workload failed"
	t1=$(now)
	echo 0 >"$INST/tracing_on"
	for e in $EVENTS; do echo 0 >"$INST/events/kmem/$e/enable"; done
	echo "# run $run ftrace: workload $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"

	for c in "$INST"/per_cpu/cpu*; do
		n=$(awk '/^overrun:/ {o = $2} /^dropped events:/ {d = $3} END {print o + d}' "$c/stats")
		[ "$n" = 0 ] || die "$c: $n events overrun or dropped; raise BENCH_BUFFER_KB"
		rb_bytes=$((rb_bytes + $(awk '/^bytes:/ {print $2}' "$c/stats")))
		rb_entries=$((rb_entries + $(awk '/^entries:/ {print $2}' "$c/stats")))
	done

	# reading "trace" does not consume; trace-cmd extract (trace_pipe_raw) does
	cat "$INST/trace" >"$dir/trace.txt"
	nr_text=$(grep -vc '^#' "$dir/trace.txt")
	[ "$nr_text" = "$rb_entries" ] ||
		echo "# warning: trace text has $nr_text events, ring buffer $rb_entries"

	trace-cmd extract -k -B "$INSTANCE" -o "$dir/trace.dat" >"$dir/extract.log" 2>&1 ||
		die "trace-cmd extract failed; see $dir/extract.log"
	nr_dat=$(trace-cmd report -i "$dir/trace.dat" 2>/dev/null | grep -c "^$INSTANCE:")
	[ "$nr_dat" = "$nr_text" ] ||
		echo "# warning: trace.dat has $nr_dat events, trace text $nr_text"
	trace-cmd convert -i "$dir/trace.dat" -o "$dir/trace-raw.dat" --compression none \
		>/dev/null 2>&1 || die "trace-cmd convert --compression none failed"
	rmdir "$INST"

	text_zst=$(zst19 "$dir/trace.txt") || exit 1
	raw_zst=$(zst19 "$dir/trace-raw.dat") || exit 1
	row "ftrace-ringbuffer" "$rb_bytes" "$rb_entries"
	row "ftrace-text" "$(size "$dir/trace.txt")" "$nr_text"
	row "ftrace-text.zst19" "$text_zst" "$nr_text"
	row "trace.dat(v7,zstd)" "$(size "$dir/trace.dat")" "$nr_dat"
	row "trace.dat(none)" "$(size "$dir/trace-raw.dat")" "$nr_dat"
	row "trace.dat(none).zst19" "$raw_zst" "$nr_dat"
}

# perf_samples FILE: SAMPLE records, failing if perf lost any
perf_samples()
{
	local stats

	stats=$(perf report -i "$1" --stats 2>/dev/null) || die "perf report --stats $1 failed"
	echo "$stats" | awk '/^ *LOST(_SAMPLES)? events:/ { lost += $3 }
		/^ *SAMPLE events:/ && !seen { n = $3; seen = 1 }
		END { if (lost) exit 1; print n }' ||
		die "perf lost events in $1; raise BENCH_PERF_MMAP"
}

bench_perf()
{
	local run=$1
	local dir=$WORK/perf.$run t0 t1 n data_zst

	mkdir -p "$dir"
	sync
	t0=$(now)
	perf record -q -m "$PERF_MMAP" -e "$perf_events" -a -o "$dir/perf.data" \
		-- "$WORKLOAD" "$NR_ITERS" >/dev/null 2>"$dir/record.log" ||
		die "perf record failed; see $dir/record.log"
	t1=$(now)
	echo "# run $run perf: workload+perf $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"
	n=$(perf_samples "$dir/perf.data") || exit 1
	data_zst=$(zst19 "$dir/perf.data") || exit 1
	row "perf.data" "$(size "$dir/perf.data")" "$n"
	row "perf.data.zst19" "$data_zst" "$n"

	sync
	perf record -q -z -m "$PERF_MMAP" -e "$perf_events" -a -o "$dir/perf-z.data" \
		-- "$WORKLOAD" "$NR_ITERS" >/dev/null 2>"$dir/record-z.log" ||
		die "perf record -z failed; see $dir/record-z.log"
	n=$(perf_samples "$dir/perf-z.data") || exit 1
	row "perf.data(-z)" "$(size "$dir/perf-z.data")" "$n"
}

echo "# $(uname -r) $(nproc) CPUs; $WORKLOAD $NR_ITERS; $(trace-cmd --version 2>&1 | grep -m1 version); $(perf --version)"
printf '%-22s %10s %8s %8s\n' tool bytes events bytes/event
for run in $(seq 1 "$RUNS"); do
	bench_ftrace "$run"
	bench_perf "$run"
done
