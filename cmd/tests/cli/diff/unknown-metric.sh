# an unknown metric is a usage error that lists the valid ones
G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --max-regress frag_index=5% "$G" "$G"
