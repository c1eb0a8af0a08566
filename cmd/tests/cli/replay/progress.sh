# Progress goes to stderr only when it is a terminal (script(1) gives the replay one), and
# is erased at the end; in a pipe or file there is not one carriage return.
t=testdata/traces/qemu-6.1-1g-files.mmt
MMTRACE_PROGRESS_AFTER_MS=0 script -qec "$MMTRACE replay $t -o /dev/null" /dev/null >"$SCRATCH/tty" 2>&1
grep -q 'replay: [0-9.]* M events, [0-9.]* M/s, [0-9]*%, ETA' "$SCRATCH/tty" && echo "terminal: progress"
MMTRACE_PROGRESS_AFTER_MS=0 "$MMTRACE" replay "$t" -o /dev/null 2>"$SCRATCH/err"
echo "file: $(tr -cd '\r' <"$SCRATCH/err" | wc -c) carriage returns"
MMTRACE_PROGRESS_AFTER_MS=0 script -qec "$MMTRACE replay --quiet $t -o /dev/null" /dev/null >"$SCRATCH/quiet" 2>&1
echo "terminal, --quiet: $(wc -c <"$SCRATCH/quiet") bytes"
