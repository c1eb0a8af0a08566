# a hand-edited NEW with a million more fallbacks per zone is over 5%: exit 1, like diff(1)
G=testdata/golden/qemu-6.12-2g.6.12.json
FB='{"order": 0, "start_migratetype": "Unmovable", "fallback_migratetype": "Movable", "fallback_order": 10, "count": 1000000}'
sed -e "s/\"fallbacks\": \[\]/\"fallbacks\": [$FB]/" -e "s/\"fallbacks\": \[\$/\"fallbacks\": [$FB,/" "$G" > "$SCRATCH/new.json"
exec "$MMTRACE" diff --max-regress fallbacks=5% --max-regress pageblock_claims=0 "$G" "$SCRATCH/new.json"
