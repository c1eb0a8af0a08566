echo '{"schema": 2}' >"$SCRATCH/a.json"
"$MMTRACE" report "$SCRATCH/a.json" >/dev/null
