# in JSON mode a failure is also on stdout (STYLE rule 26)
exec "$MMTRACE" diff --format json testdata/golden/qemu-6.12-2g.6.12.json "$SCRATCH/none.json"
