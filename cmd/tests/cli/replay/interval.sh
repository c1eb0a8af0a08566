# --interval samples the free lists: 12029 events every 2000 = 6 samples per zone
"$MMTRACE" replay --quiet --interval 2000 testdata/traces/qemu-6.12-2g.mmt | grep -A1 "\"event\": \[" | head -n 2
