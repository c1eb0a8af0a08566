# one summary line per policy on stderr
printf '{"name": "a"}' > "$SCRATCH/a.json"
printf '{"name": "b", "settings": {"watermark_scale_factor": 300}}' > "$SCRATCH/b.json"
exec "$MMTRACE" replay --policy "$SCRATCH/a.json" --policy "$SCRATCH/b.json" -o "$SCRATCH/set.json" testdata/traces/qemu-6.12-2g.mmt
