#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Page allocations that back new SLUB slabs are tagged with their cache: a workload that
# creates tens of thousands of dentries and inodes (files in a fresh tmpfs) needs new
# slabs, and every tagged page's order must be its cache's /sys/kernel/slab/<cache>/order
# from the start snapshot (info counts the ones that are).
. cmd/tests/e2e/record_lib.sh
set -e
mkdir "$SCRATCH/fs"
mount -t tmpfs -o size=64m tmpfs "$SCRATCH/fs" || { echo "SKIP: cannot mount tmpfs"; exit 77; }
trap 'umount "$SCRATCH/fs"' EXIT
cat > "$SCRATCH/files.sh" <<'SH'
cd "$1" && i=0 && while [ $i -lt 20000 ]; do : > f$i; i=$((i + 1)); done
SH
"$MMTRACE" record -a -o "$SCRATCH/t.mmt" -- sh "$SCRATCH/files.sh" "$SCRATCH/fs" \
	2> "$SCRATCH/record.err"
cat "$SCRATCH/record.err"
"$MMTRACE" info --verify "$SCRATCH/t.mmt" > "$SCRATCH/info.txt"
grep 'slab tags\|slab_tag' "$SCRATCH/info.txt"
grep -q 'slab_tag: on' "$SCRATCH/info.txt"
line=$(grep '^slab tags:' "$SCRATCH/info.txt") || { echo "no slab-tagged page allocations"; exit 1; }
n=$(echo "$line" | sed 's/^slab tags: \([0-9]*\) .*/\1/')
at=$(echo "$line" | sed 's/.*, \([0-9]*\) at their cache.*/\1/')
# 20000 dentries at 192 bytes are about 90 order-0 slabs of dentry alone
[ "$n" -ge 50 ] || { echo "only $n tagged"; exit 1; }
[ "$at" -eq "$n" ] || { echo "$((n - at)) tagged pages not at their cache's order"; exit 1; }
