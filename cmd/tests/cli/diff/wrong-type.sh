sed 's/"managed_pages": \([0-9]*\)/"managed_pages": "\1"/' testdata/golden/qemu-6.12-2g.6.12.json > "$SCRATCH/t.json"
exec "$MMTRACE" diff testdata/golden/qemu-6.12-2g.6.12.json "$SCRATCH/t.json"
