#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `record -a` stopped by SIGINT after a second: a complete, valid trace whose end frame
# says it was stopped by a signal, with both snapshots.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (CAP_BPF, CAP_PERFMON)"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "SKIP: no /sys/kernel/btf/vmlinux"; exit 77; }
"$MMTRACE" record -d 1 -o "$SCRATCH/probe.mmt" 2>&1 | grep -q 'without BPF support' &&
	{ echo "SKIP: mmtrace built without BPF"; exit 77; }
set -e
"$MMTRACE" record -a -o "$SCRATCH/t.mmt" 2> "$SCRATCH/err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
cat "$SCRATCH/err"
test ! -e "$SCRATCH/t.mmt.tmp"
"$MMTRACE" info --verify "$SCRATCH/t.mmt" > "$SCRATCH/info.txt"
cat "$SCRATCH/info.txt"
grep -q 'stopped by signal' "$SCRATCH/info.txt"
grep -q 'snapshot:  start (.*), end (' "$SCRATCH/info.txt"
grep -q '^verify: *ok' "$SCRATCH/info.txt"
