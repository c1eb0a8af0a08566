exec "$MMTRACE" --help
