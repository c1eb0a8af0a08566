# without --interval: the end state, and a note on how to get curves
"$MMTRACE" replay --quiet testdata/traces/qemu-6.12-2g.mmt >"$SCRATCH/a.json" || exit 99
"$MMTRACE" report "$SCRATCH/a.json" | grep -oE 'Replay with --interval N for curves over time|data-plot="free-end[^"]*"|no slab data in this replay'
