# and leaves no output file behind
"$MMTRACE" replay --quiet --kernel 6.12 -o "$SCRATCH/out.json" testdata/traces/bad/missing-end.mmt 2>/dev/null
test ! -e "$SCRATCH/out.json"
