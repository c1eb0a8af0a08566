# future version: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/future-version.mmt
