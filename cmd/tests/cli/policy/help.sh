exec "$MMTRACE" policy --help
