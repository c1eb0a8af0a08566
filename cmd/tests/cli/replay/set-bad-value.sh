# a value out of the sysctl's range says the range
exec "$MMTRACE" replay --quiet --set watermark_scale_factor=5000 testdata/traces/qemu-6.12-2g.mmt
