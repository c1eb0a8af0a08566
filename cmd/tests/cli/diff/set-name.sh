# FILE#NAME picks one policy's result of a set
printf '{"name": "base"}' > "$SCRATCH/a.json"
printf '{"name": "nofrag", "settings": {"alloc_nofragment": "off"}}' > "$SCRATCH/b.json"
"$MMTRACE" replay --quiet --mode simulate --policy "$SCRATCH/a.json" --policy "$SCRATCH/b.json" -o "$SCRATCH/set.json" testdata/traces/qemu-6.12-2g.mmt || exit 1
cd "$SCRATCH" && exec "$MMTRACE" diff --max-regress fallbacks=0 'set.json#base' 'set.json#nofrag'
