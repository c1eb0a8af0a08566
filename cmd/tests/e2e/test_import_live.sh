#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Records kmem events with ftrace in a private tracefs instance while a workload runs,
# imports the text with the running kernel's format files, and checks that every event
# line became exactly one event of its type and nothing was dropped.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (tracefs)"; exit 77; }
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
[ -d $T/instances ] || { echo "SKIP: no tracefs instances"; exit 77; }
I=$T/instances/mmtrace-e2e-$$
mkdir "$I" || { echo "SKIP: cannot create a tracefs instance"; exit 77; }
trap 'echo 0 > "$I/tracing_on"; rmdir "$I"' EXIT
set -e
echo 8192 > "$I/buffer_size_kb"
for e in mm_page_alloc mm_page_free mm_page_free_batched mm_page_alloc_zone_locked \
	mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree kmem_cache_alloc kmem_cache_free; do
	[ -d "$I/events/kmem/$e" ] && echo 1 > "$I/events/kmem/$e/enable"
done
echo 1 > "$I/tracing_on"
dd if=/dev/zero of="$SCRATCH/f" bs=64k count=64 status=none
rm -f "$SCRATCH/f"
ls -R /proc/self > /dev/null
echo 0 > "$I/tracing_on"
cat "$I/trace" > "$SCRATCH/trace.txt"
overrun=$(awk '/^overrun:/ { s += $2 } END { print s + 0 }' "$I"/per_cpu/cpu*/stats)
test "$overrun" = 0 || { echo "ftrace itself overran $overrun events: buffer too small"; exit 1; }
"$MMTRACE" import -o "$SCRATCH/t.mmt" "$SCRATCH/trace.txt"
"$MMTRACE" info --verify --json "$SCRATCH/t.mmt" > "$SCRATCH/info.json"
total=0
for e in mm_page_alloc mm_page_free mm_page_free_batched mm_page_alloc_zone_locked \
	mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree kmem_cache_alloc kmem_cache_free; do
	want=$(grep -c " $e: " "$SCRATCH/trace.txt" || true)
	got=$(sed -n "s/.*\"$e\": \([0-9]*\).*/\1/p" "$SCRATCH/info.json")
	[ "$want" = "$got" ] || { echo "$e: $got imported, $want lines"; exit 1; }
	total=$((total + want))
done
echo "imported $total events, per-type counts equal to the text"
test "$total" -gt 100
grep -q '"nr_drops": 0' "$SCRATCH/info.json"
