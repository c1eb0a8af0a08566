# truncated in header: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/truncated-in-header.mmt
