# with a trace: what its snapshot says, and no kernel (the trace's own is the default)
exec "$MMTRACE" policy show testdata/traces/qemu-6.1-2g.mmt
