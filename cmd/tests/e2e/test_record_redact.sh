#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# --redact: no kernel address survives in the trace. Call sites are kernel text addresses
# (0xffffffff8xxxxxxx on x86-64, stored as 8 raw bytes) and objects are in the direct map
# (0xffff....), so an unredacted trace's decompressed stream is full of ff ff ff ff runs;
# keyed hashes have about one in 2^32. Equal values must stay equal: the replay of a
# redacted trace still follows every kmem_cache_free to its allocation. And the trace says
# it is redacted.
. cmd/tests/e2e/record_lib.sh
set -e
cc -O2 -o "$SCRATCH/churn" cmd/tests/e2e/workload_churn.c
printf '\377\377\377\377' > "$SCRATCH/pattern"
for mode in plain redact; do
	flag=
	[ $mode = redact ] && flag=--redact
	"$MMTRACE" record $flag --task -o "$SCRATCH/$mode.mmt" -- "$SCRATCH/churn" 100 2> /dev/null
	zstd -dc "$SCRATCH/$mode.mmt" 2> /dev/null | LC_ALL=C grep -a -o -F -f "$SCRATCH/pattern" |
		wc -l > "$SCRATCH/$mode.n"
done
plain=$(cat "$SCRATCH/plain.n") redact=$(cat "$SCRATCH/redact.n")
echo "ff ff ff ff runs: plain $plain, redacted $redact"
[ "$plain" -gt 1000 ] || { echo "the unredacted trace has no kernel addresses?"; exit 1; }
[ "$redact" -lt $((plain / 20)) ] || { echo "kernel addresses left in the redacted trace"; exit 1; }
"$MMTRACE" info "$SCRATCH/redact.mmt" | grep -q 'redacted: call_site ptr'
"$MMTRACE" info "$SCRATCH/plain.mmt" | grep -q 'redacted: no'
