# the JSON form carries the same counts, keyed by tracepoint name
exec "$MMTRACE" info --json testdata/traces/synthetic-frames.mmt
