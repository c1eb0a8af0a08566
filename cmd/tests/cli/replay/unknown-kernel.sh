# an unknown kernel is bad input, with the known ones in a hint
exec "$MMTRACE" replay --quiet --kernel 5.10 testdata/traces/qemu-6.12-2g.mmt
