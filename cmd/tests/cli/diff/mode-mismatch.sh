# follow and simulate count different things: refused
exec "$MMTRACE" diff testdata/golden/qemu-6.12-2g.6.12.json testdata/golden/qemu-6.12-2g.6.12-sim.json
