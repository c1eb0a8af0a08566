#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh: static conformance against real kernels. Boots Debian's 6.1 and 6.12 under
# QEMU (lab.sh) at several memory sizes and CPU counts, folds each guest's start snapshot
# into a trace and runs `mmtrace info --check` on it: the watermarks, protection, pcp
# batch/high and vmstat thresholds mmtrace derives must equal the guest's /proc/zoneinfo.
#
#   check.sh MMTRACE [SHAPE...]
#
# SHAPE is KVER:MEM:CPUS (default: 6.1 and 6.12 x 512M 2G 6G x 1 2 CPUs, 12 boots).
# Prints one line per shape and "check-qemu: N passed, M failed"; exits 77 after
# "SKIP: <reason>" when QEMU, busybox-static or the kernel packages are unavailable.
# CHECK_QEMU_KEEP=DIR keeps each guest's output under DIR.

set -u

MMTRACE=${1:?usage: check.sh MMTRACE [KVER:MEM:CPUS...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mmtrace-check-qemu.XXXXXX)
trap 'rm -rf "$work"' EXIT
# One copy of lab.sh for the whole run: the boots take minutes, and a lab.sh edited
# meanwhile must not change (or break) the boots that follow.
cp "$here/lab.sh" "$work/lab.sh"
lab=$work/lab.sh

skip()
{
	echo "SKIP: $*"
	echo "check-qemu: 0 passed, 0 failed"
	exit 77
}

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
[ -x "${LAB_BUSYBOX:-/bin/busybox}" ] || skip "busybox-static not installed"
for kver in 6.1 6.12; do
	if ! "$lab" fetch "$kver" >/dev/null 2>&1; then
		skip "Debian linux-image-$kver package unavailable (lab.sh fetch $kver failed)"
	fi
done

shapes=$*
if [ -z "$shapes" ]; then
	for kver in 6.1 6.12; do
		for mem in 512M 2G 6G; do
			for cpus in 1 2; do
				shapes="$shapes $kver:$mem:$cpus"
			done
		done
	done
fi

pass=0 fail=0
for shape in $shapes; do
	IFS=: read -r kver mem cpus <<<"$shape"
	out=$work/$kver-$mem-${cpus}cpu
	log=$out.log
	if ! "$lab" boot "$kver" "$mem" "$cpus" "$out" >"$log" 2>&1; then
		fail=$((fail + 1))
		echo "FAIL $shape: boot failed ($(tail -n 1 "$log"))"
		continue
	fi
	if ! "$MMTRACE" import --snapshot "$out/snapshot-start" -o "$out.mmt" /dev/null \
		>>"$log" 2>&1; then
		fail=$((fail + 1))
		echo "FAIL $shape: import failed ($(tail -n 1 "$log"))"
		continue
	fi
	"$MMTRACE" info --check "$out.mmt" >"$out.check" 2>&1
	rc=$?
	summary=$(grep '^check: .* fields' "$out.check" | sed 's/^check: *//')
	fits=$(grep -E '^  (watermarks|protection):' "$out.check" | sed 's/^  //' | paste -sd ';' -)
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok   $shape: $summary${fits:+ [$fits]}"
	else
		fail=$((fail + 1))
		echo "FAIL $shape: exit $rc: ${summary:-$(tail -n 1 "$out.check")}"
		grep -E 'MISMATCH|error' "$out.check" | head -n 10 | sed 's/^/    /'
	fi
	if [ -n "${CHECK_QEMU_KEEP:-}" ]; then
		mkdir -p "$CHECK_QEMU_KEEP"
		cp -a "$out" "$out.mmt" "$out.check" "$CHECK_QEMU_KEEP/" 2>/dev/null
	fi
	rm -rf "$out"
done
echo "check-qemu: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
