# watermark_scale_factor=200 recomputes the watermarks (DMA32: 11177 min stays, low and
# high move) and pcp high_min/high_max as the kernel would; the result says what was set
exec "$MMTRACE" replay --quiet --set watermark_scale_factor=200 testdata/traces/qemu-6.12-2g.mmt
