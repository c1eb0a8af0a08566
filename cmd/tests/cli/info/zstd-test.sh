# the trace is valid zstd: zstd -t accepts every frame
zstd -qt testdata/traces/synthetic-frames.mmt
