# truncated in block: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/truncated-in-block.mmt
