exec "$MMTRACE" diff --help
