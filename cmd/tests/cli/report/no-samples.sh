# without --interval: the end state, a note on how to get curves, and the slab plot
# (replay writes a "slab" section in every mode)
"$MMTRACE" replay --quiet testdata/traces/qemu-6.12-2g.mmt >"$SCRATCH/a.json" || exit 99
"$MMTRACE" report "$SCRATCH/a.json" | grep -oE 'Replay with --interval N for curves over time|data-plot="free-end[^"]*"|no slab data in this replay|data-plot="slab-waste[^"]*"'
