#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check_arm64.sh: the arm64 leg of `make check-qemu` (issue 4). Boots Debian's arm64 6.12
# and 6.1 cloud kernels under qemu-system-aarch64 (lab_arm64.sh) with the static arm64
# mmtrace, which takes a snapshot and records a small workload with its BPF recorder in
# the guest; then on the host, per kernel:
#   boot    the guest ran snapshot and record and sent both files back intact
#   verify  `mmtrace info --verify` of snap.mmt and rec.mmt; the recording holds the
#           workload (16 MiB of page cache: >= 4096 mm_page_alloc) and lost no event to a
#           full ring buffer (the kernel's recursion misses are shown, not gated)
#   check   `mmtrace info --check --kernel KVER snap.mmt`: watermarks, protection, pcp
#           and slab geometry derived vs observed (virt <= 3 GB: all RAM in ZONE_DMA)
#   replay  `mmtrace replay` (follow) of rec.mmt: no page event outside the zones and no
#           order mismatch; the consistency figures are printed, not gated
#
#   check_arm64.sh MMTRACE MMTRACE_ARM64 [KVER:MEM:CPUS...]
#
# MMTRACE is the host's build (any, SAN too); MMTRACE_ARM64 `make static-arm64`'s. Default
# shapes: 6.12:1G:1 6.1:1G:1 (one CPU: no concurrency in the recording), booted in
# parallel, about a minute.
# Prints "check-qemu-arm64: N passed, M failed"; exits 77 after only "SKIP: <reason>" when
# qemu-system-aarch64, the cross compiler or the arm64 packages are unavailable.
# CHECK_QEMU_KEEP=DIR keeps each guest's output under DIR; with another LAB_WORKLOAD, set
# CHECK_ARM64_MIN_ALLOCS to the mm_page_alloc count it must reach (default 4096).

set -u

MMTRACE=${1:?usage: check_arm64.sh MMTRACE MMTRACE_ARM64 [KVER:MEM:CPUS...]}
MMTRACE_ARM64=${2:?usage: check_arm64.sh MMTRACE MMTRACE_ARM64 [KVER:MEM:CPUS...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/mmtrace-check-qemu-arm64.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$here/lab_arm64.sh" "$work/lab_arm64.sh"
lab=$work/lab_arm64.sh
name=check-qemu-arm64

skip()
{
	# as report_browser.sh: no result line, suite.sh records a skip as 0 passed, 0 failed
	echo "SKIP: $*"
	exit 77
}

command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 not installed (qemu-system-arm)"
if [ ! -f "$MMTRACE_ARM64" ]; then
	command -v aarch64-linux-gnu-gcc >/dev/null ||
		skip "no arm64 mmtrace and no aarch64-linux-gnu-gcc to build one (make static-arm64)"
	echo "FAIL build: $MMTRACE_ARM64 missing although the cross compiler is there (make static-arm64)"
	echo "$name: 0 passed, 1 failed"
	exit 1
fi

shapes=${*:-6.12:1G:1 6.1:1G:1}
for shape in $shapes; do
	kver=${shape%%:*}
	if ! "$lab" fetch "$kver" >"$work/fetch.log" 2>&1; then
		skip "Debian arm64 linux-image-$kver or busybox-static unavailable ($(tail -n 1 "$work/fetch.log"))"
	fi
done

pass=0 fail=0
ok()
{
	pass=$((pass + 1))
	echo "ok   $*"
}

bad()
{
	fail=$((fail + 1))
	echo "FAIL $*"
}

# json_int FILE KEY: the first integer value of "KEY" in mmtrace's pretty-printed JSON.
json_int()
{
	sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p" "$1" | head -n 1
}

# The guests boot side by side: each is one TCG thread, and booting is most of the time.
for shape in $shapes; do
	IFS=: read -r kver mem cpus <<<"$shape"
	out=$work/$kver-$mem-${cpus}cpu
	LAB_MMTRACE=$MMTRACE_ARM64 "$lab" boot "$kver" "$mem" "$cpus" "$out" >"$out.log" 2>&1 &
	echo $! >"$out.pid"
done
for shape in $shapes; do
	IFS=: read -r kver mem cpus <<<"$shape"
	out=$work/$kver-$mem-${cpus}cpu
	log=$out.log
	if ! wait "$(cat "$out.pid")"; then
		bad "$shape boot: $(grep 'error:' "$log" | tail -n 1)"
		tail -n 15 "$log" | sed 's/^/    /'
		continue
	fi
	wall=$(sed -n 's/^wall_s: //p' "$out/lab-info")
	init=$(sed -n 's/^uptime_at_init_s: //p' "$out/lab-info")
	if [ "$(cat "$out/snapshot.rc")" != 0 ] || [ "$(cat "$out/record.rc")" != 0 ]; then
		bad "$shape boot: in the guest snapshot exited $(cat "$out/snapshot.rc"), record $(cat "$out/record.rc")"
		tail -n 3 "$out/snapshot.log" "$out/record.log" | sed 's/^/    /'
		continue
	fi
	ok "$shape boot: $(sed -n 's/^release: //p' "$out/lab-info"), /init at ${init} s, ${wall} s wall"

	# verify: both files read back on the host, every frame and event checked
	if "$MMTRACE" info --verify "$out/snap.mmt" >"$out.snap-info" 2>&1 &&
		"$MMTRACE" info --verify "$out/rec.mmt" >"$out.rec-info" 2>&1 &&
		"$MMTRACE" info --json "$out/rec.mmt" >"$out.rec-json" 2>&1; then
		events=$(json_int "$out.rec-json" nr_events)
		pages=$(json_int "$out.rec-json" mm_page_alloc)
		drops=$(json_int "$out.rec-json" nr_drops)
		# record's own line: "N dropped (buffer full B, kernel misses K)"
		full=$(sed -n 's/.*(buffer full \([0-9]*\),.*/\1/p' "$out/record.log")
		misses=$(sed -n 's/.*kernel misses \([0-9]*\)).*/\1/p' "$out/record.log")
		what="$events events ($pages mm_page_alloc), drops $drops (buffer full ${full:-?}, kernel misses ${misses:-?})"
		if [ "${pages:-0}" -ge "${CHECK_ARM64_MIN_ALLOCS:-4096}" ] && [ "${full:-1}" = 0 ]; then
			ok "$shape verify: snap.mmt, rec.mmt: $what"
		else
			bad "$shape verify: $what"
		fi
	else
		bad "$shape verify: $(tail -n 1 "$out.snap-info" "$out.rec-info" 2>/dev/null | grep error)"
	fi

	# check: derived vs observed, as check.sh does for amd64
	"$MMTRACE" info --check --kernel "$kver" "$out/snap.mmt" >"$out.check" 2>&1
	rc=$?
	summary=$(grep '^check: .* fields' "$out.check" | sed 's/^check: *//')
	slab=$(grep '^slab: .* mismatches' "$out.check" | sed 's/^slab: *//')
	if [ $rc -eq 0 ]; then
		ok "$shape check: $summary; slab $slab"
	else
		bad "$shape check: exit $rc: ${summary:-$(tail -n 1 "$out.check")}; slab ${slab:-?}"
		grep -E 'MISMATCH|error|mismatch' "$out.check" | grep -v ' 0 mismatches' |
			head -n 10 | sed 's/^/    /'
	fi

	# replay: follow mode; drops (kernel misses) are allowed and shown above
	if "$MMTRACE" replay --quiet --allow-drops -o "$out.replay.json" "$out/rec.mmt" \
		>"$out.replay.log" 2>&1; then
		ppm=$(json_int "$out.replay.json" consistent_ppm)
		outside=$(json_int "$out.replay.json" pfn_outside_zones)
		order=$(json_int "$out.replay.json" order_mismatch)
		anf=$(json_int "$out.replay.json" alloc_not_free)
		fna=$(json_int "$out.replay.json" free_not_allocated)
		same=$(json_int "$out.replay.json" same_pfn_ppm)
		what="consistent ${ppm} ppm (alloc_not_free $anf, free_not_allocated $fna), buddy removals at the kernel's pfn ${same} ppm"
		if [ "$outside" = 0 ] && [ "$order" = 0 ]; then
			ok "$shape replay: $what"
		else
			bad "$shape replay: pfn_outside_zones $outside, order_mismatch $order; $what"
		fi
	else
		bad "$shape replay: $(tail -n 1 "$out.replay.log")"
	fi

	if [ -n "${CHECK_QEMU_KEEP:-}" ]; then
		mkdir -p "$CHECK_QEMU_KEEP"
		cp -a "$out" "$out".* "$CHECK_QEMU_KEEP/" 2>/dev/null
	fi
	rm -rf "$out"
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
