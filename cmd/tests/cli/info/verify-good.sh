# a whole synthetic trace: summary on stdout, nothing on stderr
exec "$MMTRACE" info --verify testdata/traces/synthetic-frames.mmt
