# a set without #NAME is a usage error whose hint lists the names
printf '{"name": "base"}' > "$SCRATCH/a.json"
printf '{"name": "wsf", "settings": {"watermark_scale_factor": 100}}' > "$SCRATCH/b.json"
"$MMTRACE" replay --quiet --policy "$SCRATCH/a.json" --policy "$SCRATCH/b.json" -o "$SCRATCH/set.json" testdata/traces/qemu-6.12-2g.mmt || exit 1
cd "$SCRATCH" && exec "$MMTRACE" diff set.json 'set.json#wsf'
