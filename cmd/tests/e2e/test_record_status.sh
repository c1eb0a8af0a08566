#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The live status line: about once a second on a terminal (events, rate, drops, bytes),
# never when stderr is not one.
. cmd/tests/e2e/record_lib.sh
command -v script > /dev/null || { echo "SKIP: no script(1)"; exit 77; }
set -e
script -qec "\"$MMTRACE\" record -d 6 -o \"$SCRATCH/tty.mmt\"" /dev/null > "$SCRATCH/tty.out"
n=$(tr '\r' '\n' < "$SCRATCH/tty.out" | grep -c '^recording: [0-9]* events, [0-9]*/s, [0-9]* dropped, [0-9]* bytes')
echo "status lines on a tty: $n"
# the first second or so goes to the start snapshot
[ "$n" -ge 2 ] && [ "$n" -le 7 ] || { echo "want one a second"; exit 1; }
"$MMTRACE" record -d 2 -o "$SCRATCH/pipe.mmt" 2> "$SCRATCH/pipe.err"
! grep -q 'recording:' "$SCRATCH/pipe.err"
