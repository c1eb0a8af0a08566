#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A live snapshot as root: a complete trace whose snapshot parses, lists the zones of
# /proc/zoneinfo and every slab cache, and carries the kpageflags free-block map.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (pagetypeinfo, kpageflags)"; exit 77; }
[ -r /proc/kpageflags ] || { echo "SKIP: no /proc/kpageflags"; exit 77; }
set -e
"$MMTRACE" snapshot -o "$SCRATCH/s.mmt"
test "$(stat -c %a "$SCRATCH/s.mmt")" = 600
"$MMTRACE" info --verify --json "$SCRATCH/s.mmt" > "$SCRATCH/info.json"
grep -q '"status": "complete"' "$SCRATCH/info.json"
grep -q '"verified": true' "$SCRATCH/info.json"
# every populated zone of /proc/zoneinfo appears in the summary
for z in $(awk '/^Node/ { zone = $4 } /managed/ && $2 > 0 { print zone }' /proc/zoneinfo); do
	grep -q "\"zone\": \"$z\"" "$SCRATCH/info.json" || { echo "zone $z missing"; exit 1; }
done
caches=$(ls /sys/kernel/slab | wc -l)
aliases=$(find /sys/kernel/slab -maxdepth 1 -type l | wc -l)
got=$(sed -n 's/.*"nr_slab_caches": \([0-9]*\).*/\1/p' "$SCRATCH/info.json")
echo "slab caches: $got in the snapshot, $caches in /sys/kernel/slab ($aliases aliases)"
test "$got" -ge $((caches - aliases))
