# trailing data: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/trailing-data.mmt
