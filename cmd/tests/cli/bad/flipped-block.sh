# flipped block: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/flipped-block.mmt
