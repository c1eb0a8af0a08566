exec "$MMTRACE" record -p 1 -o "$SCRATCH/t.mmt" -- true
