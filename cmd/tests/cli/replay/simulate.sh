# simulate mode reports the agreement with the kernel's own choices
"$MMTRACE" replay --quiet --mode simulate testdata/traces/qemu-6.12-2g.mmt | grep -c "\"pfn_agreement_ppm\""
