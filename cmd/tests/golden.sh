#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Golden outputs: `info --json` of every testdata/traces/*.mmt must equal
# testdata/golden/<trace>.info.json byte for byte, twice in a row (determinism), under
# LC_ALL=C TZ=UTC. `golden.sh MMTRACE update` (make golden) rewrites them; review the
# diff in the commit. Replay outputs join this list when the engine lands.
MMTRACE=$1 mode=${2:-check}
export LC_ALL=C TZ=UTC
pass=0 fail=0
for t in testdata/traces/*.mmt; do
	name=$(basename "$t" .mmt)
	gold=testdata/golden/$name.info.json
	# The path is part of the output: run from the root with the relative path.
	a=$("$MMTRACE" info --json "$t")
	b=$("$MMTRACE" info --json "$t")
	if [ "$mode" = update ]; then
		printf '%s\n' "$a" > "$gold"
		echo "wrote $gold"
		continue
	fi
	if [ "$a" != "$b" ]; then
		echo "FAIL $name: two runs differ"
		fail=$((fail + 1))
	elif [ ! -f "$gold" ]; then
		echo "FAIL $name: no $gold (run make golden)"
		fail=$((fail + 1))
	elif ! printf '%s\n' "$a" | cmp -s - "$gold"; then
		echo "FAIL $name: differs from $gold"
		printf '%s\n' "$a" | diff "$gold" - | head -n 10
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
[ "$mode" = update ] && exit 0
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
