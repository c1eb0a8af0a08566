exec "$MMTRACE" record --help
