printf '{"name": "a"}' > "$SCRATCH/p.json"
printf '{"name": "a", "settings": {"highatomic": false}}' > "$SCRATCH/q.json"
exec "$MMTRACE" replay --quiet --policy "$SCRATCH/p.json" --policy "$SCRATCH/q.json" testdata/traces/qemu-6.12-2g.mmt
