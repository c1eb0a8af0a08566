head -c 2000 testdata/golden/qemu-6.12-2g.6.12.json > "$SCRATCH/cut.json"
exec "$MMTRACE" diff "$SCRATCH/cut.json" testdata/golden/qemu-6.12-2g.6.12.json
