# --kernel only means something with --check
exec "$MMTRACE" info --kernel 6.12 testdata/traces/qemu-6.12-2g.mmt
