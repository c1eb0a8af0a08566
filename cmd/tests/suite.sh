#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# suite.sh LOG NAME CMD...: runs one test suite, shows its output, and keeps its closing
# line "<name>: N passed, M failed" in LOG. A suite that dies before printing one (a
# sanitizer abort, a missing binary) is recorded as one failure, never as silence.
log=$1 name=$2
shift 2
mkdir -p "$(dirname "$log")"
out=$(mktemp)
"$@" >"$out" 2>&1
rc=$?
cat "$out"
line=$(grep -E '^[A-Za-z0-9_-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
rm -f "$out"
if [ "$rc" = 77 ] && { [ -z "$line" ] || echo "$line" | grep -q ': 0 passed, 0 failed'; }; then
	# the suite skipped itself and said why (SKIP: ...): nothing ran, nothing failed
	line="$name: 0 passed, 0 failed"
elif [ -z "$line" ]; then
	line="$name: 0 passed, 1 failed"
	echo "$name: exited $rc without a result line"
elif [ "$rc" -ne 0 ] && echo "$line" | grep -q ' 0 failed'; then
	line="$name: 0 passed, 1 failed"
	echo "$name: exited $rc although it reported no failure"
fi
echo "$line" >>"$log"
exit 0
