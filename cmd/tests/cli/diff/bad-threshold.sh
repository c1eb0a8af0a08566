G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --max-regress fallbacks=lots "$G" "$G"
