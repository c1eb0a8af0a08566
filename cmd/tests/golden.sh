#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Golden outputs: `info --json` of every testdata/traces/*.mmt must equal
# testdata/golden/<trace>.info.json byte for byte, twice in a row (determinism), under
# LC_ALL=C TZ=UTC; and `replay --kernel P` of every trace with a start snapshot, for each
# profile P, must equal testdata/golden/<trace>.<P>.json (<trace>.<P>-sim.json in simulate
# mode). `golden.sh MMTRACE update`
# (make golden) rewrites them; review the diff in the commit.
MMTRACE=$1 mode=${2:-check}
export LC_ALL=C TZ=UTC
pass=0 fail=0
PROFILES="6.1 6.12"
cases=
for t in testdata/traces/*.mmt; do
	cases="$cases $t:info"
	# traces whose snapshot has zones can be replayed
	"$MMTRACE" info --json "$t" | grep -q '"zones": \[\]' && continue
	for p in $PROFILES; do cases="$cases $t:$p $t:$p-sim"; done
done
for c in $cases; do
	t=${c%:*} what=${c##*:}
	name=$(basename "$t" .mmt)
	gold=testdata/golden/$name.$what.json
	# The path is part of the output: run from the root with the relative path.
	if [ "$what" = info ]; then
		a=$("$MMTRACE" info --json "$t")
		b=$("$MMTRACE" info --json "$t")
	else
		rmode=follow
		case $what in *-sim) rmode=simulate ;; esac
		a=$("$MMTRACE" replay --quiet --mode $rmode --kernel "${what%-sim}" "$t")
		b=$("$MMTRACE" replay --quiet --mode $rmode --kernel "${what%-sim}" "$t")
	fi
	if [ "$mode" = update ]; then
		printf '%s\n' "$a" > "$gold"
		echo "wrote $gold"
		continue
	fi
	if [ "$a" != "$b" ]; then
		echo "FAIL $name.$what: two runs differ"
		fail=$((fail + 1))
	elif [ ! -f "$gold" ]; then
		echo "FAIL $name.$what: no $gold (run make golden)"
		fail=$((fail + 1))
	elif ! printf '%s\n' "$a" | cmp -s - "$gold"; then
		echo "FAIL $name.$what: differs from $gold"
		printf '%s\n' "$a" | diff "$gold" - | head -n 10
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
[ "$mode" = update ] && exit 0
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
