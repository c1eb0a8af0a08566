# a missing file is bad input
exec "$MMTRACE" info "$SCRATCH/nonexistent.mmt"
