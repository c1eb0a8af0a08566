# the page and the SVGs are the same bytes on every run (no date, host or locale in them)
T=testdata/traces/qemu-6.12-2g.mmt
"$MMTRACE" replay --quiet --interval 500 -o "$SCRATCH/a.json" $T &&
	"$MMTRACE" replay --quiet --interval 500 --kernel 6.1 -o "$SCRATCH/b.json" $T || exit 99
"$MMTRACE" report -o "$SCRATCH/1.html" --svg "$SCRATCH/svg1" "$SCRATCH/a.json" "$SCRATCH/b.json" &&
	LC_ALL=de_DE.UTF-8 TZ=Asia/Tokyo "$MMTRACE" report -o "$SCRATCH/2.html" --svg "$SCRATCH/svg2" \
		"$SCRATCH/a.json" "$SCRATCH/b.json" || exit 98
cmp "$SCRATCH/1.html" "$SCRATCH/2.html" && diff -r "$SCRATCH/svg1" "$SCRATCH/svg2" || exit 1
# one SVG per plot of the page, each a standalone document
[ "$(ls "$SCRATCH/svg1" | wc -l)" = "$(grep -c 'class="plot"' "$SCRATCH/1.html")" ] || exit 2
for f in "$SCRATCH"/svg1/*.svg; do
	head -c 40 "$f" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' || exit 3
done
# nothing that could fetch: no script, no external reference
! grep -qiE '<script|src=|href="http|@import|url\(' "$SCRATCH/1.html" || exit 4
