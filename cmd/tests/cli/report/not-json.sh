echo 'not json' >"$SCRATCH/a.json"
"$MMTRACE" report "$SCRATCH/a.json" >/dev/null
