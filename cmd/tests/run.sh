#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# CLI tests in the style of zstd's tests/cli-tests: each cmd/tests/cli/<group>/<case>.sh
# runs from the repository root with $MMTRACE set and a scratch directory in $SCRATCH.
# <case>.exit holds the expected exit code (default 0); <case>.stderr.glob a shell glob
# the whole of stderr must match; <case>.stdout.glob likewise for stdout.
# Usage: run.sh /abs/path/to/mmtrace [GROUP/CASE...]
MMTRACE=$1
shift
export MMTRACE
pass=0 fail=0
cases=$*
[ -n "$cases" ] || cases=$(cd cmd/tests/cli && find . -name '*.sh' | sed 's|^\./||; s|\.sh$||' | sort)
for c in $cases; do
	base=cmd/tests/cli/$c
	SCRATCH=$(mktemp -d)
	export SCRATCH
	want_exit=0
	[ -f "$base.exit" ] && want_exit=$(cat "$base.exit")
	sh "$base.sh" >"$SCRATCH/.stdout" 2>"$SCRATCH/.stderr"
	got_exit=$?
	ok=1 why=
	if [ "$got_exit" != "$want_exit" ]; then
		ok=0 why="exit $got_exit, want $want_exit"
	fi
	for s in stdout stderr; do
		[ -f "$base.$s.glob" ] || continue
		pattern=$(cat "$base.$s.glob")
		got=$(cat "$SCRATCH/.$s")
		# shellcheck disable=SC2254
		case "$got" in
		$pattern) ;;
		*) ok=0 why="$why${why:+; }$s does not match $base.$s.glob" ;;
		esac
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $c: $why"
		sed 's/^/  stderr: /' "$SCRATCH/.stderr" | head -n 5
		sed 's/^/  stdout: /' "$SCRATCH/.stdout" | head -n 5
	fi
	rm -rf "$SCRATCH"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
