# The figures the closing notes claim, on the three real Debian guest traces (each under
# its own kernel's profile): follow mode explains every page event (consistent_ppm
# 1000000), and in lock-step __rmqueue_smallest() on the model's lists names the kernel's
# pfn for every recorded buddy removal (mm_page_alloc_zone_locked).
for t in qemu-6.1-2g qemu-6.12-2g qemu-6.12-6g-2cpu; do
	"$MMTRACE" replay --quiet -o "$SCRATCH/$t.json" "testdata/traces/$t.mmt" || exit 1
	tr -d ' \n' < "$SCRATCH/$t.json" > "$SCRATCH/$t.flat"
	grep -q '"consistent_ppm":1000000' "$SCRATCH/$t.flat" || { echo "$t: not 100% consistent"; exit 1; }
	removals=$(sed 's/.*"buddy_predictions":{"removals":\([0-9]*\),"same_pfn":\([0-9]*\).*/\1/' "$SCRATCH/$t.flat")
	same=$(sed 's/.*"buddy_predictions":{"removals":\([0-9]*\),"same_pfn":\([0-9]*\).*/\2/' "$SCRATCH/$t.flat")
	[ "$removals" = "$same" ] || { echo "$t: $same of $removals predictions at the kernel's pfn"; exit 1; }
	echo "$t: $same/$removals"
done

# The 1 GiB file-churn guests, whose snapshots carry the eBPF free-list walk: every page
# event explained, every buddy removal predicted at the kernel's pfn on both kernels, and
# in simulate mode the kernel's pfn for most requests (the figures are printed and
# compared whole by the .stdout.glob).
fig()
{
	sed "s/.*\"$1\":{\"[a-z_]*\":\([0-9]*\),\"[a-z_]*\":\([0-9]*\),\"[a-z_]*\":\([0-9]*\).*/\1 \2 \3/" "$2"
}
for t in qemu-6.1-1g-files qemu-6.12-1g-files; do
	"$MMTRACE" replay --quiet -o "$SCRATCH/$t.json" "testdata/traces/$t.mmt" || exit 1
	tr -d ' \n' < "$SCRATCH/$t.json" > "$SCRATCH/$t.flat"
	grep -q '"consistent_ppm":1000000' "$SCRATCH/$t.flat" || { echo "$t: not 100% consistent"; exit 1; }
	set -- $(fig buddy_predictions "$SCRATCH/$t.flat")
	removals=$1 same=$2
	set -- $(fig refill_predictions "$SCRATCH/$t.flat")
	refills=$1 same_count=$3
	[ "$removals" = "$same" ] || { echo "$t: $same of $removals at the kernel's pfn"; exit 1; }
	set -- $(fig fallback_predictions "$SCRATCH/$t.flat")
	fallbacks=$1 fallback_same=$3
	"$MMTRACE" replay --quiet --mode simulate -o "$SCRATCH/$t.sim" "testdata/traces/$t.mmt" || exit 1
	tr -d ' \n' < "$SCRATCH/$t.sim" > "$SCRATCH/$t.simflat"
	set -- $(fig simulate "$SCRATCH/$t.simflat")
	echo "$t: $same/$removals, refills $same_count/$refills, fallbacks $fallback_same/$fallbacks, simulate $2/$1"
done
