exec "$MMTRACE" policy show --kernel 5.10
