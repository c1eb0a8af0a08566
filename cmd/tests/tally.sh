#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tally.sh LOG: sums the suites' closing lines into the one total line CI reads, and
# fails if anything failed or no suite ran.
log=$1
if [ ! -s "$log" ]; then
	echo "tests: 0 passed, 1 failed"
	exit 1
fi
awk '{ p += $2; f += $4 } END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$log"
