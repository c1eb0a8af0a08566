#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# record.sh: `mmtrace record` inside Debian's 6.1 and 6.12 kernels under QEMU (lab.sh).
# The static mmtrace (`make static`, with the recorder) and a static build of the churn
# workload go into the guest's initramfs; the guest runs
#   mmtrace record -d 3 -o $OUT/record.mmt -- churn N
# and the trace comes back over lab.sh's serial channel. On the host it must pass
# `mmtrace info --verify`, hold page events, have been taken by the raw tracepoint programs,
# have lost nothing (end-frame drops 0), and hold slab-tagged page allocations, each at its
# cache's order in the guest's sysfs.
#
#   record.sh STATIC_MMTRACE HOST_MMTRACE [KVER...]
#
# Prints one line per kernel and "record-qemu: N passed, M failed"; exits 77 after
# "SKIP: <reason>" without QEMU, busybox-static, a static libc or the kernel packages.
# RECORD_QEMU_KEEP=DIR keeps each guest's output under DIR. LAB_ARCH=arm64 boots Debian's
# arm64 kernels instead, with STATIC_MMTRACE cross-built (`make static-arm64`) and the
# workload built by aarch64-linux-gnu-gcc.

set -u

STATIC=${1:?usage: record.sh STATIC_MMTRACE HOST_MMTRACE [KVER...]}
MMTRACE=${2:?usage: record.sh STATIC_MMTRACE HOST_MMTRACE [KVER...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mmtrace-record-qemu.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$here/lab.sh" "$work/lab.sh"
lab=$work/lab.sh

skip()
{
	echo "SKIP: $*"
	echo "record-qemu: 0 passed, 0 failed"
	exit 77
}

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
[ "${LAB_ARCH:-amd64}" != amd64 ] || [ -x "${LAB_BUSYBOX:-/bin/busybox}" ] ||
	skip "busybox-static not installed"
file -L "$STATIC" 2>/dev/null | grep -q 'statically linked' || skip "$STATIC is not a static build"
if [ "${LAB_ARCH:-amd64}" = amd64 ] && "$STATIC" record -d 1 -o /dev/null 2>&1 |
	grep -q 'without BPF'; then
	skip "$STATIC was built without the recorder"
fi
guest_cc=cc
[ "${LAB_ARCH:-amd64}" = amd64 ] || guest_cc=aarch64-linux-gnu-gcc
command -v qemu-system-aarch64 >/dev/null || [ "$guest_cc" = cc ] ||
	skip "qemu-system-aarch64 not installed"
$guest_cc -static -O2 -o "$work/churn" "$here/../e2e/workload_churn.c" 2>/dev/null ||
	skip "no static libc for $guest_cc to build the workload"
kvers=${*:-6.1 6.12}
for kver in $kvers; do
	"$lab" fetch "$kver" >/dev/null 2>&1 ||
		skip "Debian linux-image-$kver package unavailable (lab.sh fetch $kver failed)"
done

pass=0 fail=0
for kver in $kvers; do
	out=$work/$kver
	log=$out.log
	fail_one()
	{
		fail=$((fail + 1))
		echo "FAIL $kver: $*"
		tail -n 5 "$out/out/record.log" 2>/dev/null | sed 's/^/    /'
	}
	if ! LAB_EXTRA="$work/churn:/bin/churn" LAB_MMTRACE=$STATIC "$lab" boot "$kver" 1G 1 "$out" -- \
		'mmtrace record -d 3 -o $OUT/record.mmt -- churn 50 >$OUT/record.log 2>&1' \
		>"$log" 2>&1; then
		fail_one "boot failed ($(tail -n 1 "$log"))"
		continue
	fi
	t=$out/out/record.mmt
	if [ ! -f "$t" ]; then
		fail_one "no trace came back (guest command exit $(cat "$out/guest-command.rc"))"
		continue
	fi
	if ! "$MMTRACE" info --verify "$t" >"$out.info" 2>&1; then
		fail_one "info --verify: $(tail -n 1 "$out.info")"
		continue
	fi
	pages=$(awk '$1 == "mm_page_alloc" { print $2 }' "$out.info")
	frees=$(awk '$1 == "mm_page_free" { print $2 }' "$out.info")
	drops=$(sed -n 's/^drops: *\([0-9]*\).*/\1/p' "$out.info")
	slabs=$(sed -n 's/^slab tags: \([0-9]*\) .*/\1/p' "$out.info")
	at_order=$(sed -n 's/^slab tags: .*, \([0-9]*\) at their cache.*/\1/p' "$out.info")
	via=$(grep -c 'mm_page_alloc=raw_tp' "$out.info")
	summary="$(sed -n 's/^events: *//p' "$out.info") events, mm_page_alloc $pages," \
	summary="$summary mm_page_free $frees, drops $drops, slab tags ${slabs:-0}"
	summary="$summary, $(sed -n 's/^size: *//p' "$out.info")"
	if [ "${pages:-0}" -gt 0 ] && [ "${frees:-0}" -gt 0 ] && [ "$drops" = 0 ] && [ "$via" -ge 1 ] &&
		[ "${slabs:-0}" -gt 0 ] && [ "$at_order" = "$slabs" ]; then
		pass=$((pass + 1))
		echo "ok   $kver ${LAB_ARCH:-amd64}: $summary"
	else
		fail_one "$summary; raw_tp: $via"
	fi
	grep -A12 '^recorder:' "$out.info" | sed 's/^/    /'
	if [ -n "${RECORD_QEMU_KEEP:-}" ]; then
		mkdir -p "$RECORD_QEMU_KEEP"
		cp -a "$out" "$out.info" "$RECORD_QEMU_KEEP/" 2>/dev/null
	fi
done
echo "record-qemu: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
