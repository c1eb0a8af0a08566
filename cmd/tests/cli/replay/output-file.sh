# -o writes the JSON and nothing to stdout; the summary goes to stderr
"$MMTRACE" replay -o "$SCRATCH/r.json" testdata/traces/qemu-6.12-2g.mmt || exit 1
grep -q "\"schema\": 1" "$SCRATCH/r.json" && grep -q "\"profile\": \"6.12\"" "$SCRATCH/r.json"
