# a result without zones: exit 3 and the key, no page
printf '{"schema": 1, "trace": {"path": "t.mmt", "crc32c": "0"}, "profile": "6.12", "mode": "follow", "events": {"total": 1}}' >"$SCRATCH/a.json"
"$MMTRACE" report -o "$SCRATCH/r.html" "$SCRATCH/a.json"
rc=$?
[ ! -e "$SCRATCH/r.html" ] || echo "a page was written"
exit $rc
