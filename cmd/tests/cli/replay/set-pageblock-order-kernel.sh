# pageblock_order is checked against the kernel's top order
exec "$MMTRACE" replay --quiet --set pageblock_order=11 testdata/traces/qemu-6.12-2g.mmt
