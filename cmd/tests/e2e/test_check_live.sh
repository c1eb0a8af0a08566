#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A snapshot of the live host checked as 6.12: its watermarks, protection, pcp batch and
# high_min/high_max and vmstat thresholds follow the 6.12 formulas (LAB.md: the 6.18 lab
# host does), so `info --check --kernel 6.12` finds no mismatch.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a full snapshot reads pagetypeinfo)"; exit 77; }
[ -r /proc/zoneinfo ] || { echo "SKIP: no /proc/zoneinfo"; exit 77; }
set -e
"$MMTRACE" snapshot -o "$SCRATCH/s.mmt"
"$MMTRACE" info --check --kernel 6.12 "$SCRATCH/s.mmt" > "$SCRATCH/check.txt" || {
	rc=$?
	grep -E 'MISMATCH|^check:' "$SCRATCH/check.txt"
	exit $rc
}
grep '^check: .* fields' "$SCRATCH/check.txt"
grep -q ' 0 mismatches$' "$SCRATCH/check.txt"
