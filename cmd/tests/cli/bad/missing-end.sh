# missing end: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/missing-end.mmt
