# Several policies in one pass: each result of the set is, byte for byte (less the four
# spaces of indentation the set adds), what a replay with that policy alone prints.
T=testdata/traces/qemu-6.12-2g.mmt
printf '{"name": "wsf200", "settings": {"watermark_scale_factor": 200}}' > "$SCRATCH/a.json"
printf '{"name": "as-6.1", "kernel": "6.1", "settings": {"alloc_nofragment": false, "pageblock_order": 8}}' > "$SCRATCH/b.json"
printf '{"name": "plain"}' > "$SCRATCH/c.json"
printf '{"name": "pcp", "settings": {"pcp_batch": 7, "pcp_high": 100, "highatomic": "off"}}' > "$SCRATCH/d.json"
for mode in follow simulate; do
	"$MMTRACE" replay --quiet --mode $mode --policy "$SCRATCH/a.json" --policy "$SCRATCH/b.json" \
		--policy "$SCRATCH/c.json" --policy "$SCRATCH/d.json" -o "$SCRATCH/set.json" "$T" || exit 1
	# results[i]: from "    {" to "    }" (or "    },"), de-indented
	awk -v dir="$SCRATCH" '/^    \{$/ { n++ } n && /^    / { line = substr($0, 5); if (line == "},") line = "}"; print line > (dir "/r" n ".json") }' "$SCRATCH/set.json"
	i=0
	for p in a b c d; do
		i=$((i + 1))
		"$MMTRACE" replay --quiet --mode $mode --policy "$SCRATCH/$p.json" "$T" > "$SCRATCH/single.json" || exit 1
		cmp "$SCRATCH/single.json" "$SCRATCH/r$i.json" || exit 1
	done
	[ $i = 4 ] && [ ! -e "$SCRATCH/r5.json" ] || exit 1
	# one feeding thread (the CPUs we may use decide how many) gives the same bytes
	if command -v taskset >/dev/null; then
		taskset -c 0 "$MMTRACE" replay --quiet --mode $mode --policy "$SCRATCH/a.json" \
			--policy "$SCRATCH/b.json" --policy "$SCRATCH/c.json" \
			--policy "$SCRATCH/d.json" "$T" | cmp - "$SCRATCH/set.json" || exit 1
	fi
done
head -n 4 "$SCRATCH/set.json"
