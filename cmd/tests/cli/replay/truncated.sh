# a truncated trace is never replayed as if whole (here: cut inside a host-churn block)
head -c 150000 testdata/traces/host-churn.mmt > "$SCRATCH/cut.mmt"
exec "$MMTRACE" replay --quiet --kernel 6.12 -o "$SCRATCH/out.json" "$SCRATCH/cut.mmt"
