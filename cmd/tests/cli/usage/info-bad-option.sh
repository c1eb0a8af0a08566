exec "$MMTRACE" info --frobnicate x
