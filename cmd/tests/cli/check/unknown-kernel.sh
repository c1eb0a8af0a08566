# the 6.18 host trace has no profile of its own: exit 3 with the known kernels
exec "$MMTRACE" info --check testdata/traces/host-churn.mmt
