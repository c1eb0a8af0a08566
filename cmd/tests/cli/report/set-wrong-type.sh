# a result set whose second result has a zone with a string node: the full path is named
"$MMTRACE" replay --quiet -o "$SCRATCH/a.json" testdata/traces/qemu-6.12-2g.mmt || exit 99
{
	printf '{"schema": 1, "kind": "replay-set", "results": ['
	cat "$SCRATCH/a.json"
	printf ','
	sed 's/"node": 0,/"node": "0",/' "$SCRATCH/a.json"
	printf ']}'
} >"$SCRATCH/set.json"
"$MMTRACE" report -o "$SCRATCH/r.html" "$SCRATCH/set.json"
