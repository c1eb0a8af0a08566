# without a trace: the newest profile's boot defaults, as a policy file
exec "$MMTRACE" policy show
