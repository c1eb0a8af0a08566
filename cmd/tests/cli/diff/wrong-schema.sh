# a future schema is refused, not misread
sed 's/"schema": 1,/"schema": 2,/' testdata/golden/qemu-6.12-2g.6.12.json > "$SCRATCH/s2.json"
exec "$MMTRACE" diff testdata/golden/qemu-6.12-2g.6.12.json "$SCRATCH/s2.json"
