# the 6.18 host follows the 6.12 formulas (LAB.md), high_min/high_max included
exec "$MMTRACE" info --check --kernel 6.12 testdata/traces/host-churn.mmt
