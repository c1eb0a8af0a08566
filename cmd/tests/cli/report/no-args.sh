# no result: a usage error, with the usage
"$MMTRACE" report -o "$SCRATCH/r.html"
