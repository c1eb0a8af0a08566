# a result compared with itself: every change is +0 and no threshold is exceeded
G=testdata/golden/qemu-6.12-2g.6.12.json
exec "$MMTRACE" diff --max-regress fallbacks=0 --max-regress unusable_index_order_9=0% "$G" "$G"
