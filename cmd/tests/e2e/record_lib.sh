# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the test_record_*.sh that need the live recorder: root, kernel BTF and a
# BPF build, or exit 77 with a SKIP line.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (CAP_BPF, CAP_PERFMON)"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "SKIP: no /sys/kernel/btf/vmlinux"; exit 77; }
"$MMTRACE" record -d 1 -o "$SCRATCH/probe.mmt" 2>&1 | grep -q 'without BPF support' &&
	{ echo "SKIP: mmtrace built without BPF"; exit 77; }
rm -f "$SCRATCH/probe.mmt"
