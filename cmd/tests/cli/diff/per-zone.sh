# --per-zone lists each zone's own value after the total
G=testdata/golden/qemu-6.12-2g.6.12.json
"$MMTRACE" diff --per-zone "$G" "$G" | grep '^fallbacks'
