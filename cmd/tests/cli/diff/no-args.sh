exec "$MMTRACE" diff testdata/golden/qemu-6.12-2g.6.12.json
