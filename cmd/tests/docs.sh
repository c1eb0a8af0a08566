#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# docs.sh MMTRACE: the manual page and the bash completion agree with the binary.
#   - mmtrace(1) is generated (cmd/mkman.sh), renders without groff warnings, names every
#     command and every option each command's --help lists, and is the same bytes twice;
#   - completion offers commands, options, modes and metric names from the binary.
set -u
bin=$1
cd "$(dirname "$0")/../.."
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL docs: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOURCE_DATE_EPOCH=0 sh cmd/mkman.sh "$bin" docs/mmtrace.1.in >"$tmp/a.1" || bad "mkman.sh failed"
SOURCE_DATE_EPOCH=0 sh cmd/mkman.sh "$bin" docs/mmtrace.1.in >"$tmp/b.1"
cmp -s "$tmp/a.1" "$tmp/b.1" && ok || bad "two generations differ"
if command -v groff >/dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$tmp/a.1" 2>&1)
	[ -z "$warn" ] && ok || bad "groff warnings: $warn"
	MANWIDTH=100 groff -man -Tutf8 -rLL=100n "$tmp/a.1" 2>/dev/null | col -b >"$tmp/a.txt"
else
	echo "docs: groff not installed, checking the roff source only"
	sed 's/\\-/-/g; s/\\e/\\/g' "$tmp/a.1" >"$tmp/a.txt"
fi
cmds=$("$bin" help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ -n "$cmds" ] && ok || bad "mmtrace help lists no commands"
for c in $cmds; do
	grep -q "mmtrace $c" "$tmp/a.txt" && ok || bad "man page lacks the command $c"
	for o in $("$bin" "$c" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -q -- "$o" "$tmp/a.txt" && ok || bad "man page lacks mmtrace $c $o"
	done
done

source docs/mmtrace.bash
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_mmtrace
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
	local want=$1 got
	shift
	got=$(comp "$@")
	[ "$got" = "$want" ] && ok || bad "completion of '$*': got '$got', want '$want'"
}
expect "record replay report" "$bin" re
expect "--mode" "$bin" replay --mo
expect "follow simulate" "$bin" replay --mode ""
expect "6.1 6.12" "$bin" replay --kernel ""
expect "fallbacks= fallbacks_fragmenting=" "$bin" diff --max-regress fall
expect "info" "$bin" -v in
expect "json markdown text" "$bin" diff --format ""
# every command the binary has is offered
got=$(comp "$bin" "")
for c in $cmds; do
	case " $got " in *" $c "*) ok ;; *) bad "completion does not offer $c" ;; esac
done

echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
