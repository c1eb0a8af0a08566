#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# mkman.sh MMTRACE TEMPLATE: writes mmtrace(1) to stdout. The command list comes from
# `mmtrace help` and each command's OPTIONS from `mmtrace CMD --help`, verbatim, so the
# manual always says what the binary does. No date from the clock: the page is the same
# bytes on every build (SOURCE_DATE_EPOCH, else the last commit, else 1970).
set -eu
bin=$1 template=$2
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
date=$(date -u -d "@$epoch" +%Y-%m-%d)
version=$("$bin" --version | head -n 1)
cmds=$("$bin" help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')

# roff-escape one line of --help text: backslashes, and a leading . or '
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

commands=$(for c in $cmds; do
	desc=$("$bin" help | sed -n "s/^  $c  *//p")
	printf '.TP\n.B %s\n%s\n' "$c" "$desc"
done)
options=$(for c in $cmds; do
	printf '.SS "mmtrace %s"\n.nf\n' "$c"
	"$bin" "$c" --help | esc
	printf '.fi\n'
done)
# through the environment: awk -v would interpret the backslashes of the roff escapes
MAN_DATE=$date MAN_VERSION=$version MAN_COMMANDS=$commands MAN_OPTIONS=$options awk '
	{ gsub(/@DATE@/, ENVIRON["MAN_DATE"]); gsub(/@VERSION@/, ENVIRON["MAN_VERSION"]) }
	/^@COMMANDS@$/ { print ENVIRON["MAN_COMMANDS"]; next }
	/^@OPTIONS@$/ { print ENVIRON["MAN_OPTIONS"]; next }
	{ print }' "$template"
