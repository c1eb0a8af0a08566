#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# lab.sh: boot Debian's 6.1 and 6.12 amd64 kernels under QEMU (TCG) with a busybox
# initramfs and bring their allocator state and a kmem ftrace recording back to the host.
# These guests are the ground truth behind the 6.1/6.12 profiles (STYLE.md rule 37); the
# machine's own kernel is a Firecracker guest with lazy memory onlining and is not.
#
#   lab.sh fetch KVER
#   lab.sh boot KVER MEM CPUS OUTDIR [-- GUEST_COMMAND...]
#   lab.sh save OUTDIR DESTDIR
#
# KVER is 6.1 or 6.12. GUEST_COMMAND words are joined with spaces and run by the guest's
# shell (as ssh does) after the first snapshot, with $OUT naming a directory whose content
# comes back in OUTDIR/out/.
#
# Environment:
#   LAB_CACHE    kernel cache (default /var/cache/mmtrace-lab); kept out of the repository
#   LAB_EXTRA    "hostpath:guestpath ..." files copied into the initramfs (a static mmtrace)
#   LAB_TIMEOUT  seconds before a guest counts as hung (default 300)
#   LAB_WORKLOAD shell text recorded under ftrace instead of the default page churn
#   LAB_BUFFER_KB ftrace buffer per CPU for the recording (default 16384: ~500k events)
#   LAB_APPEND   extra kernel command line
#   LAB_QEMU_OPTS extra QEMU options
#   LAB_REPEATABLE 1: instruction-counted boots with less host entropy, which repeat
#                closely but not exactly; 0 (default): plain TCG, twice as fast
#   LAB_BUSYBOX  static busybox for the guest (default /bin/busybox from busybox-static;
#                with LAB_ARCH=arm64, busybox-static:arm64 from the package cache)
#   LAB_ARCH     amd64 (default) or arm64: Debian's cloud-arm64 kernels under
#                qemu-system-aarch64 (virt board, TCG); their only UART is the console,
#                so the data channel shares it (the md5 and size still guard it)
#   LAB_MMTRACE  a static mmtrace (`make static`: .output/static/mmtrace) to take the
#                snapshots inside the guest instead of the shell copy, so they carry the
#                kpageflags free-block map (see below)
#
# OUTDIR receives snapshot-start/ and snapshot-end/ (proc, sys and boot/config-<release>
# laid out as on the guest: the raw ROOT of trace/SNAPSHOT.md, without kpageflags),
# kmem-trace.txt, trace-stats/, dmesg.txt, console.log, out/, guest-command.{log,rc} and
# lab-info.
#
# With LAB_MMTRACE the binary becomes the guest's /bin/mmtrace, the package's
# boot/config-<release> goes in at its own path (for mmtrace/config), and /init runs, as
# root: the guest command, tracing set up with tracing_on 0, two discarded warm-up
# snapshots, tracing_on 1, `mmtrace snapshot -o /out/start.mmt --trace-marker
# mmtrace-start-snapshot`, the workload, tracing_on 0, `mmtrace snapshot -o
# /out/end.mmt`, events off, `cat trace`. The trace starts at the start snapshot's
# marker, so what the snapshot process frees on exit is traced; the end snapshot is taken
# before the trace text (~1 MB of page cache) is written. OUTDIR then holds start.mmt and
# end.mmt in place of the snapshot directories, the times of both snapshots in
# snapshot-times, and buddyinfo-traced (/proc/buddyinfo read as the first command after
# the snapshot); `mmtrace import --snapshot OUTDIR/start.mmt --end-snapshot
# OUTDIR/end.mmt --after-marker mmtrace-start-snapshot` makes the trace.

set -eu

LAB_CACHE=${LAB_CACHE:-/var/cache/mmtrace-lab}
LAB_TIMEOUT=${LAB_TIMEOUT:-300}
LAB_ARCH=${LAB_ARCH:-amd64}
case $LAB_ARCH in
amd64) LAB_BUSYBOX=${LAB_BUSYBOX:-/bin/busybox} ;;
arm64) LAB_BUSYBOX=${LAB_BUSYBOX:-$LAB_CACHE/busybox-arm64/bin/busybox} ;;
*) echo "lab.sh: error: LAB_ARCH=$LAB_ARCH (known: amd64 arm64)" >&2; exit 2 ;;
esac

prog=${0##*/}

die()
{
	echo "$prog: error: $*" >&2
	exit 1
}

say()
{
	echo "$prog: $*" >&2
}

usage()
{
	cat >&2 <<EOF
Usage: $prog fetch KVER
       $prog boot KVER MEM CPUS OUTDIR [-- GUEST_COMMAND...]
       $prog save OUTDIR DESTDIR
KVER is 6.1 or 6.12; MEM is a QEMU size (512M, 2G, 6G).
EOF
	exit 2
}

# The packages LAB.md was written against. Debian's security archive keeps only the newest
# ABI, so when one disappears pkg_latest() picks its successor and lab-info records which.
pkg_default()
{
	case $1 in
	6.1) echo "linux-image-6.1.0-56-cloud-$LAB_ARCH-unsigned" ;;
	6.12) echo "linux-image-6.12.117+deb12-cloud-$LAB_ARCH-unsigned" ;;
	*) die "unknown kernel '$1' (known: 6.1 6.12)" ;;
	esac
}

pkg_latest()
{
	local re
	case $1 in
	6.1) re="^linux-image-6\\.1\\.0-[0-9]+-cloud-$LAB_ARCH-unsigned\$" ;;
	6.12) re="^linux-image-6\\.12\\.[0-9]+\\+deb12-cloud-$LAB_ARCH-unsigned\$" ;;
	esac
	apt-cache search --names-only "$re" | cut -d' ' -f1 | sort -V | tail -n 1
}

pkg_available()
{
	apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -qv '(none)'
}

# The unpacked kernel package of KVER for LAB_ARCH (amd64 keeps its old place).
kernel_dir()
{
	if [ "$LAB_ARCH" = amd64 ]; then
		echo "$LAB_CACHE/$1"
	else
		echo "$LAB_CACHE/$1-$LAB_ARCH"
	fi
}

# arm64: busybox-static:arm64 unpacked into the cache (the host's busybox is amd64).
fetch_busybox_arm64()
{
	local deb
	[ -x "$LAB_CACHE/busybox-arm64/bin/busybox" ] && return 0
	mkdir -p "$LAB_CACHE/debs"
	deb=$(find "$LAB_CACHE/debs" -name 'busybox-static_*_arm64.deb' | sort -V | tail -n 1)
	if [ -z "$deb" ]; then
		(cd "$LAB_CACHE/debs" && apt-get download -q busybox-static:arm64) ||
			die "apt-get download busybox-static:arm64 failed (dpkg --add-architecture arm64?)"
		deb=$(find "$LAB_CACHE/debs" -name 'busybox-static_*_arm64.deb' | sort -V | tail -n 1)
	fi
	dpkg -x "$deb" "$LAB_CACHE/busybox-arm64"
}

cmd_fetch()
{
	local kver=$1 dir pkg deb vmlinuz release
	dir=$(kernel_dir "$kver")

	[ "$LAB_ARCH" != arm64 ] || fetch_busybox_arm64
	if [ -f "$dir/ready" ]; then
		say "fetch $kver: cached in $dir ($(cat "$dir/package"))"
		return 0
	fi
	pkg=$(pkg_default "$kver")
	if ! pkg_available "$pkg"; then
		say "fetch $kver: $pkg not known to apt, running apt-get update"
		apt-get update -qq || die "apt-get update failed"
	fi
	if ! pkg_available "$pkg"; then
		pkg=$(pkg_latest "$kver")
		[ -n "$pkg" ] || die "no linux-image-$kver cloud-$LAB_ARCH-unsigned package in apt"
		say "fetch $kver: falling back to $pkg"
	fi

	mkdir -p "$LAB_CACHE/debs"
	deb=$(find "$LAB_CACHE/debs" -name "${pkg}_*.deb" | sort -V | tail -n 1)
	if [ -z "$deb" ]; then
		say "fetch $kver: apt-get download $pkg into $LAB_CACHE/debs"
		(cd "$LAB_CACHE/debs" && apt-get download -q "$pkg") ||
			die "apt-get download $pkg failed"
		deb=$(find "$LAB_CACHE/debs" -name "${pkg}_*.deb" | sort -V | tail -n 1)
	fi

	say "fetch $kver: dpkg -x $deb $dir/root"
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg -x "$deb" "$dir/root"
	vmlinuz=$(find "$dir/root/boot" -name 'vmlinuz-*' | head -n 1)
	[ -f "$vmlinuz" ] || die "$deb holds no /boot/vmlinuz-*"
	release=${vmlinuz##*/vmlinuz-}
	[ -f "$dir/root/boot/config-$release" ] || die "$deb holds no /boot/config-$release"

	echo "$release" >"$dir/release"
	echo "$pkg $(dpkg-deb -f "$deb" Version)" >"$dir/package"
	touch "$dir/ready"
	say "fetch $kver: release $release ($(cat "$dir/package"))"
}

# The guest's /init. It runs with the kernel's console on ttyS0 and the data channel on
# ttyS1; it never returns, since an exiting init panics and panic=-1 plus -no-reboot turns
# that into a QEMU exit the host reports as "no output".
write_init()
{
	cat >"$1" <<'EOF'
#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# mmtrace lab guest init, generated by cmd/tests/qemu/lab.sh.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /out
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tracefs tracefs /sys/kernel/tracing
exec </dev/console >/dev/console 2>&1
read -r up _ </proc/uptime
echo "lab: /init reached at uptime $up s"
echo "$up" >/out/uptime-init

# The data channel: ttyS1 on amd64, the console itself on arm64 (lab.sh boot writes it).
DATA_TTY=/dev/ttyS1
[ ! -f /lab/data-tty ] || read -r DATA_TTY </lab/data-tty

T=/sys/kernel/tracing
EVENTS="mm_page_alloc mm_page_free mm_page_free_batched mm_page_alloc_zone_locked
	mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree kmem_cache_alloc kmem_cache_free"
SLAB_ATTRS="object_size slab_size align order objs_per_slab min_partial cpu_partial
	reclaim_account ctor objects total_objects slabs partial aliases destroy_by_rcu
	hwcache_align poison red_zone store_user cache_dma sanity_checks"

# copy FILE DEST: FILE's content at DEST/FILE; unreadable files are left out, not faked.
copy()
{
	mkdir -p "$2${1%/*}"
	cat "$1" >"$2$1" 2>/dev/null || rm -f "$2$1"
}

snapshot()
{
	local d=/out/$1 f s n a v
	for f in /proc/zoneinfo /proc/buddyinfo /proc/pagetypeinfo /proc/vmstat \
		/proc/meminfo /proc/slabinfo /proc/version /proc/cmdline \
		/proc/sys/kernel/osrelease /proc/sys/kernel/version /proc/sys/vm/min_free_kbytes \
		/proc/sys/vm/watermark_scale_factor /proc/sys/vm/watermark_boost_factor \
		/proc/sys/vm/lowmem_reserve_ratio /proc/sys/vm/percpu_pagelist_high_fraction \
		/proc/sys/vm/extfrag_threshold /proc/sys/vm/compaction_proactiveness \
		/sys/devices/system/cpu/possible /sys/devices/system/cpu/online \
		/sys/kernel/mm/transparent_hugepage/enabled \
		/sys/module/page_alloc/parameters/shuffle $T/events/kmem/*/format; do
		copy "$f" "$d"
	done
	# Merged caches stay symlinks (kmalloc-64 -> :0000064) as in sysfs: the snapshot
	# collector (trace/SNAPSHOT.md) turns them into mmtrace/slab_aliases. Every attribute
	# is one line, so the shell's read avoids ~5000 forks under TCG.
	mkdir -p "$d/sys/kernel/slab"
	for s in /sys/kernel/slab/*; do
		n=${s##*/}
		if [ -L "$s" ]; then
			v=$(readlink "$s")
			ln -s "${v##*/}" "$d/sys/kernel/slab/$n"
			continue
		fi
		mkdir -p "$d/sys/kernel/slab/$n"
		for a in $SLAB_ATTRS; do
			IFS= read -r v <"$s/$a" 2>/dev/null &&
				printf '%s\n' "$v" >"$d/sys/kernel/slab/$n/$a"
		done
	done
}

# mmtrace SNAPSHOT NAME [ARGS]: `mmtrace snapshot -o /out/NAME.mmt ARGS`, its exit code and
# uptimes before and after (s) appended to /out/snapshot-times.
mmtrace_snapshot()
{
	local t0 t1 rc name=$1
	shift
	read -r t0 _ </proc/uptime
	taskset 1 mmtrace snapshot -o /out/$name.mmt "$@"
	rc=$?
	read -r t1 _ </proc/uptime
	echo "$name rc=$rc uptime=$t0 end=$t1" >>/out/snapshot-times
	[ $rc = 0 ] || echo "lab: mmtrace snapshot $name failed ($rc)"
}

# The kernel computes watermarks and pcp sizes at boot and when a sysctl changes, not
# when it later frees init memory into the zones (managed grows by ~2,000 pages here).
# Writing min_free_kbytes back unchanged recomputes them from today's managed counts
# (setup_per_zone_wmarks(), zone_pcp_update()), and lowmem_reserve_ratio likewise
# recomputes protection (setup_per_zone_lowmem_reserve()): the snapshot is self-consistent.
cat /proc/sys/vm/min_free_kbytes >/proc/sys/vm/min_free_kbytes
cat /proc/sys/vm/lowmem_reserve_ratio >/proc/sys/vm/lowmem_reserve_ratio

MMTRACE=
if [ -f /lab/mmtrace ]; then
	MMTRACE=1
	echo "lab: $(mmtrace --version) takes the snapshots"
	cat /proc/sys/kernel/osrelease >/out/osrelease
else
	snapshot snapshot-start
fi

if [ -f /lab/guest-command ]; then
	echo "lab: running guest command: $(cat /lab/guest-command)"
	mkdir -p /out/out
	OUT=/out/out sh /lab/guest-command >/out/guest-command.log 2>&1
	echo $? >/out/guest-command.rc
	tail -n 20 /out/guest-command.log
	echo "lab: guest command exited $(cat /out/guest-command.rc)"
fi

# 16 MiB per CPU holds ~500k events at ~32 bytes each, ten times what the workload makes,
# so trace-stats/ must show overrun 0.
echo 0 >$T/tracing_on
echo >$T/trace
if [ -f /lab/buffer_kb ]; then cat /lab/buffer_kb >$T/buffer_size_kb; else echo 16384 >$T/buffer_size_kb; fi
for e in $EVENTS; do
	echo 1 >$T/events/kmem/$e/enable || echo "lab: cannot enable kmem:$e"
done
# Two discarded snapshots first fill the sysfs dentry cache
# and the pcp lists (each run faults in two THPs under THP "always"), so the real one
# runs on pcp pages and leaves the buddy lists as it found them. With no warm-up, on 6.1
# and 6.12 at 2G, the map (scanned last) was ~1000 pages short of the same snapshot's
# buddyinfo (read first), and buddyinfo read just after tracing_on one or two order-10
# blocks short of the map; with one, still one order-10 block; a third run in a row left
# buddyinfo unchanged. All runs go on CPU 0, whose pcp lists the warm-up filled.
if [ -n "$MMTRACE" ]; then
	for i in 1 2; do
		taskset 1 mmtrace snapshot -o /tmp/warm-up.mmt 2>/dev/null
	done
	rm -f /tmp/warm-up.mmt
	# Tracing is on while the start snapshot is taken, and the snapshot writes a
	# trace_marker once its state is read: `mmtrace import --after-marker` starts the
	# trace exactly there, so the frees of the snapshot process's own exit (which came
	# after its kpageflags scan) are in the trace, and nothing from before the scan is.
	echo 1 >$T/tracing_on
	mmtrace_snapshot start --trace-marker mmtrace-start-snapshot
	cat /proc/buddyinfo >/out/buddyinfo-traced
else
	echo 1 >$T/tracing_on
fi
if [ -f /lab/workload ]; then
	sh /lab/workload
else
	dd if=/dev/zero of=/tmp/f bs=1M count=8 2>/dev/null
	cat /tmp/f >/dev/null
	rm /tmp/f
	cat /proc/meminfo /proc/zoneinfo /proc/buddyinfo /proc/slabinfo >/dev/null
fi
echo 0 >$T/tracing_on
[ -z "$MMTRACE" ] || mmtrace_snapshot end
for e in $EVENTS; do
	echo 0 >$T/events/kmem/$e/enable 2>/dev/null
done
cat $T/trace >/out/kmem-trace.txt
mkdir -p /out/trace-stats
for c in $T/per_cpu/cpu*; do
	cat $c/stats >/out/trace-stats/${c##*/} 2>/dev/null
done
echo "lab: kmem trace holds $(grep -vc '^#' /out/kmem-trace.txt) events"
echo 1408 >$T/buffer_size_kb

[ -n "$MMTRACE" ] || snapshot snapshot-end
dmesg >/out/dmesg.txt
read -r up _ </proc/uptime
echo "$up" >/out/uptime-end

# base64 of a gzipped tar between markers, with the md5 and size so the host can tell a
# cut-off stream from a complete one. Closing the tty waits for the UART to drain.
cd /out && tar cf - . | gzip -1 >/tmp/out.tgz
sum=$(md5sum </tmp/out.tgz)
size=$(wc -c </tmp/out.tgz)
echo "lab: sending $size bytes over $DATA_TTY at uptime $up s"
# quiet the console: a kernel message inside the stream would corrupt it
echo 1 >/proc/sys/kernel/printk
stty -F $DATA_TTY raw -echo
{
	echo MMTRACE-LAB-BEGIN
	base64 </tmp/out.tgz
	echo "MMTRACE-LAB-END ${sum%% *} $size"
} >$DATA_TTY
sync
sleep 1
echo "lab: done, powering off"
poweroff -f
sleep 5
reboot -f
EOF
	chmod 755 "$1"
}

cmd_boot()
{
	local kver=$1 mem=$2 cpus=$3 outdir=$4 dir release pkg root qemu_bin data
	dir=$(kernel_dir "$kver")
	local entry host guest rc start end append sum size got
	shift 4

	qemu_bin=qemu-system-x86_64
	[ "$LAB_ARCH" = amd64 ] || qemu_bin=qemu-system-aarch64
	command -v $qemu_bin >/dev/null || die "$qemu_bin missing"
	cmd_fetch "$kver"
	[ -x "$LAB_BUSYBOX" ] || die "$LAB_BUSYBOX missing (apt-get install busybox-static)"
	release=$(cat "$dir/release")
	pkg=$(cat "$dir/package")

	# Only ever replace a directory an earlier boot made, never someone's data.
	if [ -e "$outdir" ] && [ -n "$(ls -A "$outdir")" ] && [ ! -f "$outdir/lab-info" ]; then
		die "$outdir exists, is not empty and holds no lab-info; refusing to overwrite"
	fi
	# Global, not local: the EXIT trap runs after cmd_boot has returned.
	work=$(mktemp -d /tmp/mmtrace-lab.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	root=$work/root

	say "boot $kver: building initramfs in $work"
	mkdir -p "$root/bin" "$root/dev" "$root/lab"
	cp "$LAB_BUSYBOX" "$root/bin/busybox"
	# The kernel opens /dev/console before /init runs and before devtmpfs is mounted.
	mknod "$root/dev/console" c 5 1
	write_init "$root/init"
	[ "$LAB_ARCH" = amd64 ] || echo /dev/console >"$root/lab/data-tty"
	if [ $# -gt 0 ]; then
		echo "$*" >"$root/lab/guest-command"
	fi
	if [ -n "${LAB_WORKLOAD:-}" ]; then
		echo "$LAB_WORKLOAD" >"$root/lab/workload"
	fi
	if [ -n "${LAB_BUFFER_KB:-}" ]; then
		echo "$LAB_BUFFER_KB" >"$root/lab/buffer_kb"
	fi
	for entry in ${LAB_EXTRA:-}; do
		host=${entry%%:*}
		guest=${entry#*:}
		if [ ! -f "$host" ] || [ "$guest" = "$entry" ]; then
			die "bad LAB_EXTRA entry '$entry' (want hostpath:guestpath)"
		fi
		say "boot $kver: adding $host as $guest"
		mkdir -p "$root$(dirname "$guest")"
		cp -L "$host" "$root$guest"
	done
	if [ -n "${LAB_MMTRACE:-}" ]; then
		if [ ! -f "$LAB_MMTRACE" ] || [ ! -x "$LAB_MMTRACE" ]; then
			die "LAB_MMTRACE=$LAB_MMTRACE is not an executable file"
		fi
		# The initramfs has no libc: a dynamic binary would fail as "not found".
		file -L "$LAB_MMTRACE" | grep -q 'statically linked' ||
			die "LAB_MMTRACE=$LAB_MMTRACE is not statically linked (make static)"
		say "boot $kver: adding $LAB_MMTRACE as /bin/mmtrace"
		cp -L "$LAB_MMTRACE" "$root/bin/mmtrace"
		mkdir -p "$root/boot"
		cp "$dir/root/boot/config-$release" "$root/boot/config-$release"
		: >"$root/lab/mmtrace"
	fi
	(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/initrd"

	# nokaslr fixes the kernel's physical and direct-map addresses, so pfns and slab
	# pointers mean the same thing in every run; no_hash_pointers makes ftrace print the
	# real ptr= and page= values (hashed ones match nothing and read "(____ptrval____)"
	# until the RNG is ready).
	append="console=ttyS0 quiet panic=-1 nokaslr no_hash_pointers"
	local cpu=max repeat=()
	# Two plain TCG boots of one configuration start from the same buddyinfo but their
	# kmem traces diverge within the first 30 events (RCU callbacks and pcp refills
	# land at host-timing-dependent points). LAB_REPEATABLE=1 narrows that: -icount ties
	# the guest's clocks to its instruction count, the RTC starts at a fixed date, and
	# without RDRAND/RDSEED and with norandmaps less host entropy reaches the guest. On
	# 6.1 at 512M two such boots differed in about 3% of page events (none in one pair
	# out of three), at about twice the wall time and one host thread for all vCPUs, so
	# it is not the default: pair a trace with its own snapshots, not another boot's.
	if [ "${LAB_REPEATABLE:-0}" = 1 ]; then
		cpu=max,-rdrand,-rdseed
		# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
		repeat=(-icount shift=1,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm)
		append="$append norandmaps"
	fi
	append="$append ${LAB_APPEND:-}"
	local qemu=(qemu-system-x86_64 -machine q35 -cpu "$cpu" -m "$mem" -smp "$cpus"
		"${repeat[@]}" -nographic -no-reboot
		-kernel "$dir/root/boot/vmlinuz-$release" -initrd "$work/initrd"
		-append "$append"
		-serial mon:stdio -serial "file:$work/ttyS1")
	data=$work/ttyS1
	if [ "$LAB_ARCH" = arm64 ]; then
		# LAB.md: the virt board with GICv3 and -cpu max (pauth-impdef: fast TCG)
		qemu=(qemu-system-aarch64 -M virt,gic-version=3 -cpu max,pauth-impdef=on
			-m "$mem" -smp "$cpus" "${repeat[@]}" -nographic -no-reboot
			-kernel "$dir/root/boot/vmlinuz-$release" -initrd "$work/initrd"
			-append "${append/console=ttyS0/console=ttyAMA0}" -serial mon:stdio)
		data=$work/console.log
	fi
	# Word splitting is wanted: LAB_QEMU_OPTS is a list of options ("-s -S").
	# shellcheck disable=SC2206
	qemu+=(${LAB_QEMU_OPTS:-})
	say "boot $kver: timeout $LAB_TIMEOUT $(printf "%q " "${qemu[@]}")"
	start=$(date +%s.%N)
	set +e
	timeout -k 10 "$LAB_TIMEOUT" "${qemu[@]}" </dev/null 2>&1 | tee "$work/console.log"
	rc=${PIPESTATUS[0]}
	set -e
	end=$(date +%s.%N)

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		die "guest $kver $mem/${cpus}cpu hung: no poweroff within $LAB_TIMEOUT s" \
			"(console above)"
	fi
	grep -q '^MMTRACE-LAB-BEGIN' "$data" 2>/dev/null ||
		die "guest sent nothing on ttyS1 (qemu exit $rc); console above"
	got=$(sed -n 's/^MMTRACE-LAB-END //p' "$data" | tr -d '\r')
	[ -n "$got" ] || die "ttyS1 stream has no end marker: output cut off"
	sed -n '/^MMTRACE-LAB-BEGIN/,/^MMTRACE-LAB-END/{/^MMTRACE-LAB-/d;p}' "$data" |
		tr -d '\r' | base64 -d >"$work/out.tgz" || die "ttyS1 stream is not valid base64"
	sum=$(md5sum <"$work/out.tgz" | cut -d' ' -f1)
	size=$(wc -c <"$work/out.tgz")
	[ "$got" = "$sum $size" ] || die "ttyS1 stream corrupt: got $sum $size, guest sent $got"

	rm -rf "$outdir"
	mkdir -p "$outdir"
	tar xzf "$work/out.tgz" -C "$outdir"
	cp "$work/console.log" "$outdir/console.log"
	if [ -n "${LAB_MMTRACE:-}" ]; then
		got=$(cat "$outdir/osrelease")
		if [ ! -f "$outdir/start.mmt" ] || [ ! -f "$outdir/end.mmt" ]; then
			die "guest made no start.mmt/end.mmt: $(cat "$outdir/snapshot-times")"
		fi
	else
		got=$(cat "$outdir/snapshot-start/proc/sys/kernel/osrelease")
	fi
	[ "$got" = "$release" ] || die "guest runs $got, package holds $release"
	for snap in snapshot-start snapshot-end; do
		[ -d "$outdir/$snap" ] || continue
		mkdir -p "$outdir/$snap/boot"
		cp "$dir/root/boot/config-$release" "$outdir/$snap/boot/config-$release"
	done
	{
		echo "kernel_package: $pkg"
		echo "release: $release"
		echo "arch: $LAB_ARCH"
		echo "qemu: $($qemu_bin --version | head -n 1)"
		echo "command: $(printf "%q " "${qemu[@]}")"
		echo "repeatable: ${LAB_REPEATABLE:-0}"
		echo "guest_command: $*"
		echo "uptime_at_init_s: $(cat "$outdir/uptime-init")"
		echo "uptime_at_end_s: $(cat "$outdir/uptime-end")"
		echo "wall_s: $(awk "BEGIN { printf \"%.1f\", $end - $start }")"
		echo "kmem_events: $(grep -vc '^#' "$outdir/kmem-trace.txt")"
		if [ -n "${LAB_MMTRACE:-}" ]; then
			echo "mmtrace: $LAB_MMTRACE ($(md5sum <"$LAB_MMTRACE" | cut -d' ' -f1))"
			awk '{ split($3, a, "="); split($4, b, "=");
				printf "snapshot_%s_s: %.2f (%s)\n", $1, b[2] - a[2], $2 }' \
				"$outdir/snapshot-times"
		fi
	} >"$outdir/lab-info"
	say "boot $kver: done; $outdir:"
	sed 's/^/    /' "$outdir/lab-info" >&2
}

# Snapshot dirs as testdata wants them: start/ and end/, nothing else.
cmd_save()
{
	local outdir=$1 dest=$2
	if [ ! -d "$outdir/snapshot-start" ] || [ ! -d "$outdir/snapshot-end" ]; then
		[ ! -f "$outdir/start.mmt" ] ||
			die "$outdir is a LAB_MMTRACE boot: use its start.mmt and end.mmt"
		die "$outdir holds no snapshot-start/ and snapshot-end/"
	fi
	say "save: $outdir -> $dest/{start,end}"
	rm -rf "$dest/start" "$dest/end"
	mkdir -p "$dest"
	cp -a "$outdir/snapshot-start" "$dest/start"
	cp -a "$outdir/snapshot-end" "$dest/end"
	say "save: $(find "$dest" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')" \
		"bytes in $(find "$dest" -type f | wc -l) files under $dest"
}

[ $# -ge 1 ] || usage
case $1 in
fetch)
	[ $# -eq 2 ] || usage
	cmd_fetch "$2"
	;;
boot)
	[ $# -ge 5 ] || usage
	if [ $# -gt 5 ]; then
		[ "$6" = -- ] || usage
		set -- "${@:2:4}" "${@:7}"
	else
		set -- "${@:2:4}"
	fi
	cmd_boot "$@"
	;;
save)
	[ $# -eq 3 ] || usage
	cmd_save "$2" "$3"
	;;
*)
	usage
	;;
esac
