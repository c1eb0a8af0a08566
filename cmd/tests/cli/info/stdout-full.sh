# a report cut short by a full disk is exit 4, never 0
exec "$MMTRACE" info testdata/traces/synthetic-frames.mmt > /dev/full
