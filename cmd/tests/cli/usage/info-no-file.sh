exec "$MMTRACE" info
