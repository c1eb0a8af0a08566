# a missing key is named with its path
sed 's/"drain_pages"/"drained_pages"/' testdata/golden/qemu-6.12-2g.6.12.json > "$SCRATCH/k.json"
exec "$MMTRACE" diff "$SCRATCH/k.json" testdata/golden/qemu-6.12-2g.6.12.json
