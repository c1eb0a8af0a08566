# the release in the trace picks the profile: a 6.1 guest replays as 6.1
"$MMTRACE" replay --quiet testdata/traces/qemu-6.1-2g.mmt | grep "^  \"profile\""
