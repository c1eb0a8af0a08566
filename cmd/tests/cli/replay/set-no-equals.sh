exec "$MMTRACE" replay --quiet --set highatomic testdata/traces/qemu-6.12-2g.mmt
