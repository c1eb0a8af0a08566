exec "$MMTRACE" frobnicate
