exec "$MMTRACE" replay --quiet --policy "$SCRATCH/nope.json" testdata/traces/qemu-6.12-2g.mmt
