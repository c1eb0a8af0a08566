# in JSON mode a failure is also a JSON object on stdout
exec "$MMTRACE" info --json testdata/traces/bad/missing-end.mmt
