#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# --task -- CMD keeps CMD and the processes it forks, and only those: here CMD is a shell
# that forks the churn workload, so without following forks nearly nothing would be kept,
# and `-p` of an idle process keeps next to nothing while the same churn runs beside it.
. cmd/tests/e2e/record_lib.sh
set -e
cc -O2 -o "$SCRATCH/churn" cmd/tests/e2e/workload_churn.c
"$MMTRACE" record --task -o "$SCRATCH/t.mmt" -- sh -c "\"$SCRATCH/churn\" 100; true" \
	2> "$SCRATCH/record.err"
"$MMTRACE" info "$SCRATCH/t.mmt" > "$SCRATCH/info.txt"
grep 'filter:' "$SCRATCH/info.txt"
grep -q 'filter: tgid [0-9]* and its descendants' "$SCRATCH/info.txt"
pages=$(awk '$1 == "mm_page_alloc" { print $2 }' "$SCRATCH/info.txt")
echo "forked child: $pages mm_page_alloc"
[ "$pages" -gt 5000 ] || { echo "the forked child's events are missing"; exit 1; }
sleep 30 &
idle=$!
"$SCRATCH/churn" 200 &
"$MMTRACE" record -p $idle -d 2 -o "$SCRATCH/p.mmt" 2> "$SCRATCH/record-p.err"
kill $idle
wait
"$MMTRACE" info "$SCRATCH/p.mmt" > "$SCRATCH/info-p.txt"
pages=$(awk '$1 == "mm_page_alloc" { print $2 }' "$SCRATCH/info-p.txt")
echo "idle -p process: $pages mm_page_alloc"
[ "$pages" -lt 100 ] || { echo "-p kept other processes' events"; exit 1; }
