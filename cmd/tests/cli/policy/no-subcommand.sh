exec "$MMTRACE" policy list
