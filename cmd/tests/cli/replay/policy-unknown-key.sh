printf '{"name": "x", "settings": {"wsf": 200}}' > "$SCRATCH/p.json"
exec "$MMTRACE" replay --quiet --policy "$SCRATCH/p.json" testdata/traces/qemu-6.12-2g.mmt
