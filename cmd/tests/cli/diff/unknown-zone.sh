# a per-zone threshold on a zone the results do not have lists the zones they do
G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --max-regress fallbacks@0:Movable=1 "$G" "$G"
