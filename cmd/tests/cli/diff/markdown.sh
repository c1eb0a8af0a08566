# markdown for a CI comment: the verdict first, then a table of every metric
G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --format markdown --max-regress fallbacks=5% "$G" "$G"
