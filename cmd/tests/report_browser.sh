#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `mmtrace report` in a real browser: Debian's chromium, headless, loads reports of a
# testdata trace replayed with --interval under both profiles (as two files, and as one
# multi-policy result set with slab data) and dumps the DOM. Checks: the page loads with
# nothing on the console (the page has no script, and its CSP blocks anything that is not
# inline, so any console line is a fault), every plot is there with its number of series,
# and a screenshot is taken (REPORT_SCREENSHOT=file.png keeps it for a person to look at).
# Exit 77 with "SKIP: reason" without chromium. Usage: report_browser.sh /abs/mmtrace
MMTRACE=$1
pass=0 fail=0
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: chromium not installed (apt-get install chromium; .ci/deps does)"
	exit 77
fi
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
T=testdata/traces/qemu-6.12-6g-2cpu.mmt

check() { # NAME CONDITION-RESULT(0/1) DETAIL
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: $3"
	fi
}

# chromium URL [extra flags]: the DOM on stdout, its log in $S/log
browse() {
	url=$1
	shift
	# its own profile directory, so parallel runs and a user's profile are left alone
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$S/profile" --enable-logging=stderr --v=0 "$@" "$url" 2>"$S/log"
}

# the console must be silent; chromium's own dbus, gpu and sandbox chatter is not the page's
console_errors() {
	grep -E ':CONSOLE|Uncaught' "$S/log" | head -n 5
}

# "plot-id series-count" per plot, from a DOM dump
series_per_plot() {
	awk '
	{
		line = $0
		while (match(line, /data-plot="[^"]*"|data-series="/)) {
			tok = substr(line, RSTART, RLENGTH)
			line = substr(line, RSTART + RLENGTH)
			if (tok ~ /^data-plot/) {
				if (id != "") print id, n
				id = substr(tok, 12, length(tok) - 12); n = 0
			} else {
				n++
			}
		}
	}
	END { if (id != "") print id, n }' "$1"
}

"$MMTRACE" replay --quiet --interval 200 -o "$S/a.json" "$T" &&
	"$MMTRACE" replay --quiet --interval 200 --kernel 6.1 -o "$S/b.json" "$T" ||
	{ echo "browser: 0 passed, 1 failed"; exit 1; }

# 1. two files overlaid
"$MMTRACE" report -o "$S/r.html" "$S/a.json" "$S/b.json"
check report-files $? "mmtrace report exited $?"
browse "file://$S/r.html" --dump-dom >"$S/dom.html"
check load-files $? "chromium exited $? on the report of two files"
err=$(console_errors)
check console-files "$([ -z "$err" ]; echo $?)" "console: $err"
series_per_plot "$S/dom.html" >"$S/got"
# zones DMA, DMA32, Normal; a heatmap of 11 orders per result and zone; unusable index at
# orders 3, 4, 9 and fragmentation index at 9 per result; 3x3 matrices; pageblocks of the
# migratetypes each zone has (DMA and DMA32 Unmovable and Movable, Normal also
# Reclaimable) per result; fallbacks and claims per result
cat >"$S/want" <<EOF
free-heatmap.n0-DMA.a 11
free-heatmap.n0-DMA.b 11
free-heatmap.n0-DMA32.a 11
free-heatmap.n0-DMA32.b 11
free-heatmap.n0-Normal.a 11
free-heatmap.n0-Normal.b 11
unusable-index.n0-DMA 6
fragmentation-index.n0-DMA 2
unusable-index.n0-DMA32 6
fragmentation-index.n0-DMA32 2
unusable-index.n0-Normal 6
fragmentation-index.n0-Normal 2
fallback-matrix.a 3
claims-matrix.a 3
fallback-matrix.b 3
claims-matrix.b 3
pageblocks.n0-DMA 4
fallbacks-over-time.n0-DMA 4
pageblocks.n0-DMA32 4
fallbacks-over-time.n0-DMA32 4
pageblocks.n0-Normal 6
fallbacks-over-time.n0-Normal 4
slab-waste.a 2
slab-waste.b 2
EOF
cmp -s "$S/want" "$S/got"
check plots-files $? "plots and series differ: $(diff "$S/want" "$S/got" | head -n 6 | tr '\n' ' ')"
n=$(grep -o 'class="plot"' "$S/dom.html" | wc -l)
# 22 page-allocator plots and one slab-waste plot per result (replay writes "slab")
check plot-count "$([ "$n" -eq 24 ]; echo $?)" "$n plots, want 24"

# 2. one multi-policy result set, the first result with slab data (replay's own), the
# second with its "slab" section (the last key) cut off, names to escape
{
	printf '{"schema": 1, "kind": "replay-set", "tool": "test", '
	printf '"trace": {"path": "%s", "crc32c": "0"}, "results": [\n' "$T"
	sed 's/^    "name": "default",$/    "name": "<b>p1<\/b>",/' "$S/a.json"
	printf ',\n'
	sed 's/^    "name": "default",$/    "name": "p2",/' "$S/b.json" |
		awk 'NR > 1 && !/^  "slab": \{/ { print prev }
		     /^  "slab": \{/ { sub(/,$/, "", prev); print prev; print "}"; exit }
		     { prev = $0 }'
	printf ']}\n'
} >"$S/set.json"
"$MMTRACE" report -o "$S/set.html" "$S/set.json"
check report-set $? "mmtrace report exited $? on a result set"
browse "file://$S/set.html" --dump-dom >"$S/dom2.html"
check load-set $? "chromium exited $? on the report of a result set"
err=$(console_errors)
check console-set "$([ -z "$err" ]; echo $?)" "console: $err"
series_per_plot "$S/dom2.html" >"$S/got2"
grep -q '^slab-waste._b_p1__b_ 2$' "$S/got2"
check slab-plot $? "no slab-waste plot with 2 series: $(grep slab "$S/got2")"
grep -q 'p2: no slab data in this replay' "$S/dom2.html"
check slab-note $? "no note for the result without slab data"
# the policy name is text, never markup (the serialised DOM escapes "<" in text only)
grep -q '&lt;b&gt;p1&lt;/b&gt;</td>' "$S/dom2.html" && ! grep -q '<b>p1</b></td>' "$S/dom2.html"
check escaped $? "the policy name <b>p1</b> did not reach the DOM as text"

# 3. the screenshot renders (a person judges it: REPORT_SCREENSHOT=/tmp/r.png)
shot=${REPORT_SCREENSHOT:-$S/r.png}
browse "file://$S/r.html" --screenshot="$shot" --window-size=1280,2400 >/dev/null
check screenshot "$([ -s "$shot" ]; echo $?)" "no screenshot in $shot"

echo "browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
