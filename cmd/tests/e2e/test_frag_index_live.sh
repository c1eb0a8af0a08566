#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Our unusable_free_index() and __fragmentation_index() against the kernel's own debugfs
# output for the same /proc/buddyinfo: read buddyinfo, both index files, buddyinfo again,
# and retry until nothing moved in between, then compare all values of every zone.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (debugfs)"; exit 77; }
D=/sys/kernel/debug/extfrag
[ -r $D/unusable_index ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
[ -r $D/unusable_index ] || { echo "SKIP: no debugfs extfrag"; exit 77; }
set -e
root=$SCRATCH/root
mkdir -p "$root/proc"
for try in 1 2 3 4 5 6 7 8 9 10; do
	cat /proc/buddyinfo > "$root/proc/buddyinfo"
	cat $D/unusable_index > "$SCRATCH/unusable"
	cat $D/extfrag_index > "$SCRATCH/extfrag"
	cat /proc/zoneinfo > "$root/proc/zoneinfo"
	cmp -s /proc/buddyinfo "$root/proc/buddyinfo" && break
done
"$MMTRACE" snapshot --from-dir "$root" -o "$SCRATCH/s.mmt" 2>/dev/null
"$MMTRACE" info --json "$SCRATCH/s.mmt" > "$SCRATCH/info.json"
n=0
for kind in unusable extfrag; do
	key=unusable_free_index_milli
	[ $kind = extfrag ] && key=fragmentation_index_milli
	while read -r _ node _ zone vals; do
		node=${node%,}
		# the kernel prints thousandths as "%d.%03d"; ours are integers
		want=$(echo "$vals" | awk '{ for (i = 1; i <= NF; i++) { split($i, a, "."); v = a[1] * 1000 + (substr($i, 1, 1) == "-" ? -a[2] : a[2]); printf "%d ", v } }')
		got=$(awk -v z="\"zone\": \"$zone\"" -v k="\"$key\"" '
			index($0, z) { inz = 1 } inz && index($0, k) { on = 1; next }
			on && /\]/ { exit } on { gsub(/[ ,]/, ""); printf "%s ", $0 }' "$SCRATCH/info.json")
		[ "$want" = "$got" ] || { echo "$kind $zone: kernel [$want] ours [$got]"; exit 1; }
		n=$((n + $(echo "$want" | wc -w)))
	done < "$SCRATCH/$kind"
done
echo "$n index values equal to debugfs"
test "$n" -gt 0
