# lower is worse for pfn_agreement_ppm: a rise passes, the same change reversed fails
G=testdata/golden/qemu-6.12-2g.6.12-sim.json
sed 's/"pfn_agreement_ppm": [0-9]*/"pfn_agreement_ppm": 500000/' "$G" > "$SCRATCH/lo.json"
sed 's/"pfn_agreement_ppm": [0-9]*/"pfn_agreement_ppm": 600000/' "$G" > "$SCRATCH/hi.json"
"$MMTRACE" diff --max-regress pfn_agreement_ppm=1% "$SCRATCH/lo.json" "$SCRATCH/hi.json" > /dev/null || exit 10
"$MMTRACE" diff --max-regress pfn_agreement_ppm=1% "$SCRATCH/hi.json" "$SCRATCH/lo.json"
