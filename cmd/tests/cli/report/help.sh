"$MMTRACE" report --help
