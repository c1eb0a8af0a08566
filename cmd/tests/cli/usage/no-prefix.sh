# prefixes are not accepted: scripts must not break when commands are added
exec "$MMTRACE" inf testdata/traces/synthetic-frames.mmt
