# SPDX-License-Identifier: GPL-2.0-only
# mmtrace: one non-recursive Makefile (STYLE.md rule 38). `make help` lists targets and knobs.

OUTPUT ?= .output
CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
PKG_CONFIG ?= pkg-config
prefix ?= /usr/local
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
datadir ?= $(prefix)/share
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

# CROSS_COMPILE=aarch64-linux-gnu- (see static-arm64): the cross gcc, and pkg-config reading
# the target's .pc files, which Debian's multiarch -dev packages (libbpf-dev:arm64, ...)
# install under /usr/lib/<triplet>/pkgconfig. Their headers are the host's /usr/include.
ifneq ($(CROSS_COMPILE),)
	CC := $(CROSS_COMPILE)gcc
	PKG_CONFIG_LIBDIR ?= /usr/lib/$(CROSS_COMPILE:-=)/pkgconfig:/usr/share/pkgconfig
	PKG_CONFIG := PKG_CONFIG_LIBDIR=$(PKG_CONFIG_LIBDIR) $(PKG_CONFIG)
endif

ifeq ($(V),1)
	Q =
	msg =
else
	Q = @
	msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

WARN := -Wall -Wextra -Werror -Wformat-signedness -Wmissing-prototypes
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 $(WARN) -MMD -MP
ifeq ($(SAN),1)
	CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
	LDFLAGS += -fsanitize=address,undefined
endif

LIBS_PC := libzstd jansson zlib
ifneq ($(NO_BPF),1)
	LIBS_PC += libbpf
endif
PC_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null)
PC_LIBS := $(shell $(PKG_CONFIG) --libs $(LIBS_PC) 2>/dev/null)
# STATIC=1 (set by `make static`): link the .a files of Debian's -dev packages and a
# static libc, for guests and boards that have no libzstd or jansson of their own.
ifeq ($(STATIC),1)
	LDFLAGS += -static
	PC_LIBS := $(shell $(PKG_CONFIG) --static --libs $(LIBS_PC) 2>/dev/null)
endif

# The recorder is built when BPF is wanted and its sources exist; otherwise the stub
# makes `record` fail with exit 4 (STYLE.md rule 9). Without clang, bpftool or kernel BTF
# (and no VMLINUX_H=path), the build falls back to the stub with a one-line note.
ARCH ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
BPF_MISSING :=
ifneq ($(NO_BPF),1)
ifeq ($(shell command -v $(CLANG) 2>/dev/null),)
	BPF_MISSING := $(CLANG)
else ifeq ($(shell command -v $(BPFTOOL) 2>/dev/null),)
	BPF_MISSING := $(BPFTOOL)
else ifeq ($(VMLINUX_H)$(wildcard $(VMLINUX_BTF)),)
	BPF_MISSING := $(VMLINUX_BTF)
endif
endif
ifeq ($(NO_BPF),1)
	COLLECTOR := trace/collector_stub.c
else ifneq ($(BPF_MISSING),)
	COLLECTOR := trace/collector_stub.c
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
$(info note: $(BPF_MISSING) not found: building without the recorder (NO_BPF=1))
endif
else ifneq ($(wildcard trace/collector.c),)
	COLLECTOR := trace/collector.c
else
	COLLECTOR := trace/collector_stub.c
endif

# The free-list walker follows the collector: the BPF one or its stub (snapshots are then
# taken without mmtrace/freelists). It is part of trace/, which snapshot_collect.c calls.
ifeq ($(COLLECTOR),trace/collector_stub.c)
	WALKER := trace/freelist_walk_stub.c
else
	WALKER := trace/freelist_walk.c
endif

CORE_SRCS := $(sort $(wildcard core/*.c))
TRACE_SRCS_NO_WALKER := $(sort $(filter-out trace/collector.c trace/collector_stub.c \
	trace/freelist_walk.c trace/freelist_walk_stub.c,$(wildcard trace/*.c)))
TRACE_SRCS := $(TRACE_SRCS_NO_WALKER) $(WALKER)
REPORT_SRCS := $(sort $(wildcard report/*.c))
CMD_SRCS := $(sort $(wildcard cmd/*.c))

obj = $(patsubst %.c,$(OUTPUT)/%.o,$(1))
CORE_OBJS := $(call obj,$(CORE_SRCS))
TRACE_OBJS := $(call obj,$(TRACE_SRCS))
REPORT_OBJS := $(call obj,$(REPORT_SRCS))
CMD_OBJS := $(call obj,$(CMD_SRCS) $(COLLECTOR))

TESTLIB := core/tests/testlib.c
CORE_TESTS := $(sort $(wildcard core/tests/test_*.c))
TRACE_TESTS := $(sort $(wildcard trace/tests/test_*.c))
REPORT_TESTS := $(sort $(wildcard report/tests/test_*.c))
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard trace/fuzz/fuzz_*.c report/fuzz/fuzz_*.c))))

MMTRACE := mmtrace
ifneq ($(OUTPUT),.output)
	MMTRACE := $(OUTPUT)/mmtrace
endif

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all test check check-qemu e2e fuzz fuzz-run golden bench install man clean help lint format-check \
	deps example test-suites tally static static-arm64

all: $(MMTRACE)

# -pthread: replay runs one engine per policy on its own thread
$(MMTRACE): $(CMD_OBJS) $(TRACE_OBJS) $(REPORT_OBJS) $(CORE_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -pthread -o $@ $^ $(PC_LIBS)

# core/ is pure C: compiled without the system libraries' include paths.
$(OUTPUT)/core/%.o: core/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(OUTPUT)/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(PC_CFLAGS) -c -o $@ $<

# --- the BPF chain (rule 38): vmlinux.h -> .bpf.o -> .skel.h, included by collector.c only
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror
$(OUTPUT)/bpf/vmlinux.h:
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
ifneq ($(VMLINUX_H),)
	$(Q)cp $(VMLINUX_H) $@
else
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@
endif

$(OUTPUT)/bpf/mmtrace.bpf.o: trace/bpf/mmtrace.bpf.c trace/bpf/events.h trace/bpf/core_fixes.bpf.h \
		$(OUTPUT)/bpf/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(OUTPUT)/bpf -c -o $@ $<

$(OUTPUT)/bpf/mmtrace.skel.h: $(OUTPUT)/bpf/mmtrace.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name mmtrace_bpf > $@

# The free-list walker (trace/bpf/walk.bpf.c) has its own skeleton, used by freelist_walk.c only.
$(OUTPUT)/bpf/walk.bpf.o: trace/bpf/walk.bpf.c trace/bpf/walk.h $(OUTPUT)/bpf/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(OUTPUT)/bpf -c -o $@ $<

$(OUTPUT)/bpf/walk.skel.h: $(OUTPUT)/bpf/walk.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name walk_bpf > $@

$(OUTPUT)/trace/freelist_walk.o: trace/freelist_walk.c $(OUTPUT)/bpf/walk.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(PC_CFLAGS) -I$(OUTPUT)/bpf -c -o $@ $<

$(OUTPUT)/trace/collector.o: trace/collector.c $(OUTPUT)/bpf/mmtrace.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(PC_CFLAGS) -I$(OUTPUT)/bpf -c -o $@ $<

# --- unit tests: one runner per module; core's links against core and libc only (rule 7)
$(OUTPUT)/tests/test_core: $(call obj,$(CORE_TESTS)) $(CORE_OBJS) $(TESTLIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -DTESTLIB_MODULE='"core"' -o $@ $^

$(OUTPUT)/tests/test_trace: $(call obj,$(TRACE_TESTS)) $(TRACE_OBJS) $(CORE_OBJS) $(TESTLIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -DTESTLIB_MODULE='"trace"' -o $@ $^ $(PC_LIBS)

$(OUTPUT)/tests/test_report: $(call obj,$(REPORT_TESTS)) $(REPORT_OBJS) $(TRACE_OBJS) $(CORE_OBJS) $(TESTLIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -DTESTLIB_MODULE='"report"' -o $@ $^ $(PC_LIBS)

# --- fuzz targets: gcc-built regression drivers replay the committed corpora in `make test`
# (the target's object comes from trace/fuzz/ or report/fuzz/, whichever holds its source)
.SECONDEXPANSION:
$(OUTPUT)/fuzz/%-regress: $$(addprefix $(OUTPUT)/,$$(addsuffix .o,$$(basename $$(wildcard trace/fuzz/$$*.c report/fuzz/$$*.c)))) $(OUTPUT)/trace/fuzz/regression_driver.o \
		$(TRACE_OBJS) $(REPORT_OBJS) $(CORE_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

FUZZ_REGRESS := $(patsubst %,$(OUTPUT)/fuzz/%-regress,$(FUZZ_TARGETS))

# clang 14 has no -Wformat-signedness
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
	$(filter-out -Wformat-signedness,$(WARN))
$(OUTPUT)/libfuzzer/%: $$(wildcard trace/fuzz/$$*.c report/fuzz/$$*.c) $(TRACE_SRCS_NO_WALKER) \
		trace/freelist_walk_stub.c $(CORE_SRCS) $(REPORT_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $(PC_CFLAGS) -o $@ $^ $(PC_LIBS)

fuzz: $(patsubst %,$(OUTPUT)/libfuzzer/%,$(FUZZ_TARGETS))

FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p testdata/fuzz/$$t $(OUTPUT)/fuzz-new/$$t; \
		echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
		$(OUTPUT)/libfuzzer/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-artifact_prefix=$(OUTPUT)/fuzz-new/$$t/ $(OUTPUT)/fuzz-new/$$t testdata/fuzz/$$t \
			2>&1 | tail -n 3 || exit 1; \
	done

# --- test orchestration: each suite prints "<name>: N passed, M failed"; tally sums them
TESTLOG := $(OUTPUT)/test.log
SUITE = sh cmd/tests/suite.sh $(TESTLOG)

test-suites: $(MMTRACE) $(OUTPUT)/tests/test_core $(OUTPUT)/tests/test_trace \
		$(OUTPUT)/tests/test_report $(FUZZ_REGRESS)
	$(Q)rm -f $(TESTLOG)
	$(Q)$(SUITE) core $(OUTPUT)/tests/test_core
	$(Q)$(SUITE) trace $(OUTPUT)/tests/test_trace
	$(Q)$(SUITE) report $(OUTPUT)/tests/test_report
	$(Q)$(SUITE) fuzz sh cmd/tests/fuzz_regress.sh $(OUTPUT)/fuzz
	$(Q)$(SUITE) cli sh cmd/tests/run.sh $(abspath $(MMTRACE))
	$(Q)$(SUITE) browser sh cmd/tests/report_browser.sh $(abspath $(MMTRACE))
	$(Q)$(SUITE) golden sh cmd/tests/golden.sh $(abspath $(MMTRACE))
	$(Q)$(SUITE) lint $(MAKE) -s --no-print-directory lint
	$(Q)$(SUITE) docs bash cmd/tests/docs.sh $(abspath $(MMTRACE))

tally:
	$(Q)sh cmd/tests/tally.sh $(TESTLOG)

test: test-suites
	$(Q)sh cmd/tests/tally.sh $(TESTLOG)

# The sanitizer build lives in its own output tree so it never mixes with the normal one.
check:
	$(Q)$(MAKE) --no-print-directory SAN=1 OUTPUT=.output/san test-suites
	$(Q)sh cmd/tests/suite.sh .output/san/test.log e2e sh cmd/tests/e2e/run.sh $(abspath .output/san/mmtrace)
	$(Q)sh cmd/tests/suite.sh .output/san/test.log check-qemu bash cmd/tests/qemu/check.sh \
		$(abspath .output/san/mmtrace)
	$(if $(ARM64_STATIC),$(Q)$(MAKE) --no-print-directory static-arm64)
	$(Q)sh cmd/tests/suite.sh .output/san/test.log check-qemu-arm64 $(CHECK_ARM64) \
		$(abspath .output/san/mmtrace) $(abspath .output/static-arm64/mmtrace)
	$(Q)$(MAKE) --no-print-directory static
	$(Q)sh cmd/tests/suite.sh .output/san/test.log record-qemu bash cmd/tests/qemu/record.sh \
		$(abspath $(OUTPUT)/static/mmtrace) $(abspath .output/san/mmtrace)
	$(Q)sh cmd/tests/tally.sh .output/san/test.log

# A self-contained binary to copy into a QEMU guest's initramfs (cmd/tests/qemu/lab.sh
# LAB_MMTRACE=) or onto a board: every command, `record` and the snapshot's eBPF free-list
# walk included (CO-RE: one binary runs on 6.1, 6.12 and 6.18), linked against the .a
# files of Debian's libbpf-dev, libelf-dev, zlib1g-dev, libzstd-dev and libjansson-dev and
# a static glibc; without clang or bpftool it falls back to the stubs like any build.
# NO_BPF=1 still gives the recorder-less one. Its own output tree, like `check`'s, so its
# objects never mix with the normal build.
static:
	$(Q)$(MAKE) --no-print-directory STATIC=1 OUTPUT=$(OUTPUT)/static $(OUTPUT)/static/mmtrace

# The same, cross-built for arm64 and WITH the recorder, for cmd/tests/qemu/lab_arm64.sh:
# the .a files of the :arm64 -dev packages, the BPF object built for -D__TARGET_ARCH_arm64
# from the host's vmlinux.h (CO-RE relocates the tracepoint records at load time).
.PHONY: static-arm64 check-qemu-arm64
ARM64_CROSS ?= aarch64-linux-gnu-
# Built for the arm64 QEMU suite only where the cross compiler is installed: without it
# check_arm64.sh skips (exit 77) rather than failing.
ARM64_STATIC = $(if $(shell command -v $(ARM64_CROSS)gcc 2>/dev/null),static-arm64)
CHECK_ARM64 = bash cmd/tests/qemu/check_arm64.sh
static-arm64:
	$(Q)command -v $(ARM64_CROSS)gcc >/dev/null || \
		{ echo "static-arm64: $(ARM64_CROSS)gcc not found (sudo make deps)"; exit 1; }
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 CROSS_COMPILE=$(ARM64_CROSS) STATIC=1 \
		OUTPUT=$(OUTPUT)/static-arm64 $(OUTPUT)/static-arm64/mmtrace

e2e: $(MMTRACE)
	$(Q)sh cmd/tests/e2e/run.sh $(abspath $(MMTRACE))

# 12 QEMU boots of Debian's 6.1 and 6.12 (cmd/tests/qemu/lab.sh): info --check on each;
# minutes of TCG time, exit 77 (SKIP) without qemu or the kernel packages. Then one boot
# of each running the static `mmtrace record` (record.sh), whose trace must verify on the
# host with page events, slab tags at their caches' orders and no drops. Then the arm64
# suite: 6.12 and 6.1 arm64 guests snapshot and record with static-arm64's mmtrace
# (cmd/tests/qemu/check_arm64.sh, about a minute). Each suite prints its own line.
check-qemu: $(MMTRACE) static $(ARM64_STATIC)
	$(Q)rm -f $(OUTPUT)/check-qemu.log
	$(Q)sh cmd/tests/suite.sh $(OUTPUT)/check-qemu.log check-qemu bash cmd/tests/qemu/check.sh \
		$(abspath $(MMTRACE))
	$(Q)sh cmd/tests/suite.sh $(OUTPUT)/check-qemu.log record-qemu bash cmd/tests/qemu/record.sh \
		$(abspath $(OUTPUT)/static/mmtrace) $(abspath $(MMTRACE))
	$(Q)sh cmd/tests/suite.sh $(OUTPUT)/check-qemu.log check-qemu-arm64 $(CHECK_ARM64) \
		$(abspath $(MMTRACE)) $(abspath $(OUTPUT)/static-arm64/mmtrace)
	$(Q)sh cmd/tests/tally.sh $(OUTPUT)/check-qemu.log

# The arm64 suite alone.
check-qemu-arm64: $(MMTRACE) $(ARM64_STATIC)
	$(Q)$(CHECK_ARM64) $(abspath $(MMTRACE)) $(abspath $(OUTPUT)/static-arm64/mmtrace)

# core/ must stay pure C (STYLE.md rules 6-7).
lint:
	$(Q)bad=$$(grep -rlE '#include[[:space:]]*<(bpf/|jansson\.h|zstd\.h)|\bfopen\(' core --include='*.[ch]' | grep -v '/tests/'); \
	if [ -n "$$bad" ]; then echo "lint: core/ must stay pure C: $$bad"; echo "lint: 0 passed, 1 failed"; exit 1; fi; \
	bad=$$(grep -rl 'jansson\.h' cmd trace core --include='*.[ch]'); \
	if [ -n "$$bad" ]; then echo "lint: only report/ includes jansson.h: $$bad"; echo "lint: 0 passed, 1 failed"; exit 1; fi; \
	echo "lint: 2 passed, 0 failed"

golden: $(MMTRACE)
	$(Q)sh cmd/tests/golden.sh $(abspath $(MMTRACE)) update

# The main job on the embedded example: a real Debian 6.12 guest (6 GiB, 2 CPUs) replayed
# through the 6.12 allocator model: a summary on stderr, the statistics as JSON.
EXAMPLE := testdata/traces/qemu-6.12-1g-files.mmt
example: $(MMTRACE)
	$(Q)./$(MMTRACE) info $(EXAMPLE) | head -n 4
	$(Q)mkdir -p $(OUTPUT)
	$(Q)./$(MMTRACE) replay -o $(OUTPUT)/example.json $(EXAMPLE)
	$(Q)./$(MMTRACE) replay --mode simulate -o $(OUTPUT)/example-simulate.json $(EXAMPLE) 2>&1 | head -n 2
	@echo "JSON written to $(OUTPUT)/example.json and example-simulate.json (schema: report/SCHEMA.md)"

$(OUTPUT)/bench/bench_format: $(OUTPUT)/trace/tests/bench_format.o $(TRACE_OBJS) $(CORE_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(OUTPUT)/bench/gen_trace: $(OUTPUT)/trace/tests/gen_trace.o $(TRACE_OBJS) $(CORE_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

bench: $(MMTRACE) $(OUTPUT)/bench/bench_format $(OUTPUT)/bench/gen_trace
	$(Q)sh cmd/tests/bench.sh $(abspath $(MMTRACE)) $(abspath $(OUTPUT)/bench/bench_format) \
		$(abspath $(OUTPUT)/bench/gen_trace)

deps:
	$(Q)sh .ci/deps

# mmtrace(1): the prose of docs/mmtrace.1.in with every command's --help as its options
$(OUTPUT)/mmtrace.1: docs/mmtrace.1.in cmd/mkman.sh $(MMTRACE)
	$(call msg,MAN,$@)
	$(Q)sh cmd/mkman.sh $(MMTRACE) $< >$@

man: $(OUTPUT)/mmtrace.1

install: $(MMTRACE) $(OUTPUT)/mmtrace.1
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 \
		$(DESTDIR)$(datadir)/bash-completion/completions
	install -m 0755 $(MMTRACE) $(DESTDIR)$(bindir)/mmtrace
	install -m 0644 $(OUTPUT)/mmtrace.1 $(DESTDIR)$(mandir)/man1/mmtrace.1
	install -m 0644 docs/mmtrace.bash $(DESTDIR)$(datadir)/bash-completion/completions/mmtrace

clean:
	rm -rf .output mmtrace

help:
	@echo 'Targets:'
	@echo '  all        build ./mmtrace (default)'
	@echo '  test       unit, CLI, browser (report) and fuzz-corpus regression tests; no root needed'
	@echo '  check      test under ASan/UBSan, then end-to-end tests (skip without root)'
	@echo '  e2e        end-to-end tests only'
	@echo '  fuzz       libFuzzer binaries (clang); fuzz-run FUZZ_SECONDS=60 runs each'
	@echo '  golden     regenerate testdata/golden/*.json'
	@echo '  bench      size and speed against trace-cmd and perf'
	@echo '  example    summary and JSON of the embedded example trace'
	@echo '  deps       install the Debian packages mmtrace builds with (root)'
	@echo '  install    mmtrace, mmtrace(1) and bash completion under $$(DESTDIR)$(prefix)'
	@echo '  man        $(OUTPUT)/mmtrace.1, generated from every command'\''s --help'
	@echo '  static     $(OUTPUT)/static/mmtrace: static, with the recorder and walk (QEMU)'
	@echo '  static-arm64  $(OUTPUT)/static-arm64/mmtrace: static aarch64, with the recorder'
	@echo '  check-qemu Debian 6.1/6.12 under QEMU, amd64 and arm64 suites (skip without qemu)'
	@echo '  check-qemu-arm64  the arm64 QEMU suite alone (~1 min)'
	@echo '  lint       module-boundary checks'
	@echo '  clean      remove build outputs'
	@echo 'Knobs: V=1 (verbose) SAN=1 (sanitizers) NO_BPF=1 (no recorder)'
	@echo '       VMLINUX_BTF=$(VMLINUX_BTF) VMLINUX_H=path (instead of dumping VMLINUX_BTF)'
	@echo '       CLANG=$(CLANG) BPFTOOL=$(BPFTOOL) ARCH=$(ARCH) OUTPUT=$(OUTPUT)'
	@echo '       CROSS_COMPILE=triplet- (cross gcc and its multiarch pkg-config)'
	@echo '       ARM64_CROSS=$(ARM64_CROSS) (for static-arm64)'

-include $(shell find $(OUTPUT) -name '*.d' 2>/dev/null)
