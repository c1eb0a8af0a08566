# not JSON at all: bad input, exit 3, the parser's position in the message
head -c 300 testdata/traces/qemu-6.12-2g.mmt > "$SCRATCH/garbage.json"
exec "$MMTRACE" diff testdata/golden/qemu-6.12-2g.6.12.json "$SCRATCH/garbage.json"
