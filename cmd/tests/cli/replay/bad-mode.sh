exec "$MMTRACE" replay --mode guess testdata/traces/qemu-6.12-2g.mmt
