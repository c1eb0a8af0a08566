# truncated in end: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/truncated-in-end.mmt
