exec "$MMTRACE" record --task -o "$SCRATCH/t.mmt"
