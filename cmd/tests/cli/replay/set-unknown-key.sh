# an unknown policy key is a usage error that lists the valid ones
exec "$MMTRACE" replay --quiet --set watermark_scale=200 testdata/traces/qemu-6.12-2g.mmt
