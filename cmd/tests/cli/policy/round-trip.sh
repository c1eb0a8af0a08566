# policy show TRACE > p.json; replay --policy p.json equals the plain replay except for the
# policy object (its settings list what the file set), in both modes and both profiles
for t in testdata/traces/qemu-6.1-2g.mmt testdata/traces/qemu-6.12-6g-2cpu.mmt; do
	"$MMTRACE" policy show "$t" > "$SCRATCH/p.json" || exit 1
	for k in 6.1 6.12; do
		for mode in follow simulate; do
			"$MMTRACE" replay --quiet --kernel $k --mode $mode "$t" |
				sed '/^  "policy": {$/,/^  },$/d' > "$SCRATCH/plain.json" || exit 1
			"$MMTRACE" replay --quiet --kernel $k --mode $mode --policy "$SCRATCH/p.json" "$t" |
				sed '/^  "policy": {$/,/^  },$/d' > "$SCRATCH/policy.json" || exit 1
			cmp "$SCRATCH/plain.json" "$SCRATCH/policy.json" || exit 1
		done
	done
done
