# results of two traces compare, with a warning
exec "$MMTRACE" diff testdata/golden/qemu-6.1-2g.6.1.json testdata/golden/qemu-6.12-2g.6.12.json
