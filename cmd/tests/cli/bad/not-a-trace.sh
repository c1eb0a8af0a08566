# not a trace: one line, exit 3
exec "$MMTRACE" info --verify testdata/traces/bad/not-a-trace.mmt
