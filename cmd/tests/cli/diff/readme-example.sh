# The README's CI example runs as written: its marked sh block, from the repository root.
# (`make` in it is satisfied by the build under test: MMTRACE is linked to ./mmtrace's place.)
block=$(sed -n '/<!-- ci-example:/,/^```$/p' README.md | sed '1,2d;$d' | grep -v '^make$')
[ -n "$block" ] || { echo "no ci-example block in README.md"; exit 1; }
mkdir -p "$SCRATCH/bin"
ln -s "$MMTRACE" "$SCRATCH/bin/mmtrace"
# the block says ./mmtrace; run it against the binary under test
printf '%s\n' "$block" | sed "s|\./mmtrace|$SCRATCH/bin/mmtrace|g; s|\.output/ci|$SCRATCH/ci|g" | sh -e
