# --format json is deterministic and carries the verdict
G=testdata/golden/qemu-6.12-2g.6.1-sim.json
N=testdata/golden/qemu-6.12-2g.6.12-sim.json
"$MMTRACE" diff --format json --max-regress fallbacks=5% "$G" "$N" > "$SCRATCH/a.json"
"$MMTRACE" diff --format json --max-regress fallbacks=5% "$G" "$N" > "$SCRATCH/b.json"
cmp "$SCRATCH/a.json" "$SCRATCH/b.json" || exit 10
grep -c '"name"' "$SCRATCH/a.json"
grep '"verdict"' "$SCRATCH/a.json"
