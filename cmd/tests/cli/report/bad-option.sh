"$MMTRACE" report --colour x.json
