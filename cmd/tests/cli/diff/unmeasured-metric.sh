# a gate on a metric the results do not have (follow mode has no pfn agreement) fails loudly
G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --max-regress pfn_agreement_ppm=1% "$G" "$G"
