#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Recording onto a full filesystem: exit 4, and the trace is kept under its name, readable
# up to its last complete frame and reported as interrupted.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (CAP_BPF, mount)"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "SKIP: no /sys/kernel/btf/vmlinux"; exit 77; }
"$MMTRACE" record -d 1 -o "$SCRATCH/probe.mmt" 2>&1 | grep -q 'without BPF support' &&
	{ echo "SKIP: mmtrace built without BPF"; exit 77; }
mkdir "$SCRATCH/small"
mount -t tmpfs -o size=320k tmpfs "$SCRATCH/small" || { echo "SKIP: cannot mount tmpfs"; exit 77; }
trap 'umount "$SCRATCH/small"' EXIT
cc -O2 -o "$SCRATCH/churn" cmd/tests/e2e/workload_churn.c || exit 1
"$MMTRACE" record -o "$SCRATCH/small/t.mmt" -- "$SCRATCH/churn" 3000 2> "$SCRATCH/err"
rc=$?
cat "$SCRATCH/err"
[ "$rc" = 4 ] || { echo "exit $rc, want 4"; exit 1; }
grep -q 'No space left on device' "$SCRATCH/err" || exit 1
test -e "$SCRATCH/small/t.mmt" || { echo "trace not kept"; exit 1; }
"$MMTRACE" info --verify "$SCRATCH/small/t.mmt" > "$SCRATCH/info.txt" 2>&1
cat "$SCRATCH/info.txt"
grep -qi 'interrupted\|truncated' "$SCRATCH/info.txt"
