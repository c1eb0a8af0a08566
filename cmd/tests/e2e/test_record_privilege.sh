#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Without privilege: exit 4 (SYSTEM), one error line and a hint naming CAP_BPF and
# CAP_PERFMON, and no file left behind.
. cmd/tests/e2e/record_lib.sh
command -v setpriv > /dev/null || { echo "SKIP: no setpriv"; exit 77; }
id nobody > /dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
out=$(mktemp -d /tmp/mmtrace-priv.XXXXXX)
chmod 777 "$out"
trap 'rm -rf "$out"' EXIT
grp=$(id -gn nobody)
setpriv --reuid=nobody --regid="$grp" --clear-groups --inh-caps=-all \
	"$MMTRACE" record -d 1 -o "$out/t.mmt" 2> "$out/err"
rc=$?
cat "$out/err"
[ $rc -eq 4 ] || { echo "exit $rc, want 4"; exit 1; }
grep -q '^mmtrace record: error: ' "$out/err"
grep -q 'CAP_BPF' "$out/err" && grep -q 'CAP_PERFMON' "$out/err"
[ ! -e "$out/t.mmt" ] && [ ! -e "$out/t.mmt.tmp" ]
