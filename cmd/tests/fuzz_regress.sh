#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replays each committed corpus testdata/fuzz/<target>/ through <target>-regress (built
# without libFuzzer). Usage: fuzz_regress.sh DIR_WITH_REGRESS_BINARIES
dir=$1
pass=0 fail=0
for bin in "$dir"/fuzz_*-regress; do
	[ -x "$bin" ] || continue
	t=$(basename "$bin" -regress)
	corpus=testdata/fuzz/$t
	if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
		echo "FAIL $t: no corpus in $corpus"
		fail=$((fail + 1))
		continue
	fi
	if out=$("$bin" "$corpus" 2>&1); then
		echo "ok   $t: $out"
		pass=$((pass + 1))
	else
		echo "$out" | tail -n 20
		echo "FAIL $t"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
