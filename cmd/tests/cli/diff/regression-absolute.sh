# the same edit against absolute limits: within 10000000, over 1000
G=testdata/golden/qemu-6.12-2g.6.12.json
FB='{"order": 0, "start_migratetype": "Unmovable", "fallback_migratetype": "Movable", "fallback_order": 10, "count": 1000000}'
sed -e "s/\"fallbacks\": \[\]/\"fallbacks\": [$FB]/" -e "s/\"fallbacks\": \[\$/\"fallbacks\": [$FB,/" "$G" > "$SCRATCH/new.json"
"$MMTRACE" diff --max-regress fallbacks=10000000 "$G" "$SCRATCH/new.json" > /dev/null || exit 10
"$MMTRACE" diff --max-regress fallbacks=1000 "$G" "$SCRATCH/new.json" > /dev/null
test $? -eq 1
