exec "$MMTRACE"
