# a committed Debian 6.12 guest trace: every derived field equals its zoneinfo
exec "$MMTRACE" info --check testdata/traces/qemu-6.12-2g.mmt
