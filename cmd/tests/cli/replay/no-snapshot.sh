# a trace without a start snapshot cannot be replayed
exec "$MMTRACE" replay --quiet testdata/traces/synthetic-frames.mmt
