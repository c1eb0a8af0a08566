#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The fallback for kernels whose raw tracepoint programs cannot be used (no BTF, other prototypes):
# --classic takes the same path. The trace is complete and says so, and any hits the
# kernel skipped (bpf_prog_active) are in the drops, never silent.
. cmd/tests/e2e/record_lib.sh
set -e
cc -O2 -o "$SCRATCH/churn" cmd/tests/e2e/workload_churn.c
"$MMTRACE" record --classic --task -o "$SCRATCH/t.mmt" -- "$SCRATCH/churn" 100 \
	2> "$SCRATCH/record.err"
cat "$SCRATCH/record.err"
"$MMTRACE" info --verify "$SCRATCH/t.mmt" > "$SCRATCH/info.txt"
cat "$SCRATCH/info.txt"
grep -q '^verify: *ok' "$SCRATCH/info.txt"
grep -q 'programs: mm_page_alloc=tracepoint' "$SCRATCH/info.txt"
grep -q 'fallback: classic tracepoints requested' "$SCRATCH/info.txt"
grep -q 'slab_tag: off' "$SCRATCH/info.txt"
misses=$(sed -n 's/.*kernel misses \([0-9]*\)).*/\1/p' "$SCRATCH/record.err")
drops=$(sed -n 's/^drops: *\([0-9]*\).*/\1/p' "$SCRATCH/info.txt")
[ "$drops" -ge "$misses" ] || { echo "misses $misses not in the drops $drops"; exit 1; }
pages=$(awk '$1 == "mm_page_alloc" { print $2 }' "$SCRATCH/info.txt")
[ "$pages" -gt 5000 ] || { echo "too few mm_page_alloc: $pages"; exit 1; }
