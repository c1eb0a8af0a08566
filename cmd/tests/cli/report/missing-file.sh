"$MMTRACE" report "$SCRATCH/nonexistent.json" >/dev/null
