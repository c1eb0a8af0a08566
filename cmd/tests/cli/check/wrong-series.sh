# a 6.12 guest checked as 6.1: ZONE_MOVABLE's capped watermarks and 6.12's auto-tuned pcp
# high do not follow the 6.1 formulas, so the check reports mismatches (exit 1)
exec "$MMTRACE" info --check --kernel 6.1 testdata/snapshots/qemu-6.12-6g-2cpu.mmt
