#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# End-to-end tests on the live kernel: each cmd/tests/e2e/test_*.sh runs with $MMTRACE
# and $SCRATCH set; exit 0 passes, 77 skips (printing "SKIP: <reason>"), anything else
# fails. Usage: run.sh /abs/path/to/mmtrace
MMTRACE=$1
export MMTRACE
pass=0 fail=0 skip=0
for t in cmd/tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	SCRATCH=$(mktemp -d)
	export SCRATCH
	out=$(sh "$t" 2>&1)
	rc=$?
	rm -rf "$SCRATCH"
	name=$(basename "$t" .sh)
	case $rc in
	0) pass=$((pass + 1)) ;;
	77)
		skip=$((skip + 1))
		echo "$name: $(echo "$out" | grep '^SKIP' | head -n 1)"
		;;
	*)
		fail=$((fail + 1))
		echo "FAIL $name (exit $rc)"
		echo "$out" | tail -n 15 | sed 's/^/  /'
		;;
	esac
done
echo "e2e: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
