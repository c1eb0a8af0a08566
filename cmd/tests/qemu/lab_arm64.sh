#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# lab_arm64.sh: boot Debian's arm64 6.12 and 6.1 cloud kernels under qemu-system-aarch64
# (TCG) with a busybox initramfs holding a static arm64 mmtrace (`make static-arm64`), take
# a snapshot and a BPF recording inside the guest and bring them back to the host. The
# arm64 counterpart of lab.sh (issue 4): same cache, same marker protocol, but the virt
# board has a single PL011, so the console is also the data channel.
#
#   lab_arm64.sh fetch KVER
#   lab_arm64.sh boot KVER MEM CPUS OUTDIR
#
# KVER is 6.1 or 6.12. The guest's /init runs, as root:
#   mmtrace snapshot -o /out/snap.mmt
#   mmtrace record -d 30 -o /out/rec.mmt -- sh -c "$LAB_WORKLOAD"
# (-d only caps a hung workload: record arms it before its start snapshot, which takes
# 2-3 s under TCG, so `-d 3` left dd a fraction of a second on a loaded host.)
# and sends /out back. OUTDIR receives snap.mmt, rec.mmt, their logs and exit codes
# (snapshot.{log,rc}, record.{log,rc}), the guest's zoneinfo/buddyinfo/meminfo after
# the recording, dmesg.txt, console.log (without the data) and lab-info.
#
# Environment:
#   LAB_MMTRACE  the static aarch64 mmtrace (required; .output/static-arm64/mmtrace)
#   LAB_CACHE    kernel cache (default /var/cache/mmtrace-lab, shared with lab.sh; the
#                arm64 kernels live in arm64-KVER/, busybox in arm64-busybox/)
#   LAB_TIMEOUT  seconds before a guest counts as hung (default 180)
#   LAB_WORKLOAD shell text recorded (default: 16 MiB dd into /tmp, then rm)
#   LAB_APPEND   extra kernel command line
#   LAB_QEMU_OPTS extra QEMU options

set -eu

LAB_CACHE=${LAB_CACHE:-/var/cache/mmtrace-lab}
LAB_TIMEOUT=${LAB_TIMEOUT:-180}
LAB_WORKLOAD=${LAB_WORKLOAD:-dd if=/dev/zero of=/tmp/f bs=1M count=16 2>/dev/null; rm /tmp/f}
QEMU="qemu-system-aarch64"

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
       $prog boot KVER MEM CPUS OUTDIR
KVER is 6.1 or 6.12; MEM is a QEMU size (512M, 1G, 2G). LAB_MMTRACE=static arm64 mmtrace.
EOF
	exit 2
}

# The packages LAB.md names; when the security archive has moved on, the newest of the
# series (pkg_latest) and lab-info records which.
pkg_default()
{
	case $1 in
	6.1) echo linux-image-6.1.0-56-cloud-arm64-unsigned ;;
	6.12) echo linux-image-6.12.117+deb12-cloud-arm64-unsigned ;;
	busybox) echo busybox-static ;;
	*) die "unknown kernel '$1' (known: 6.1 6.12)" ;;
	esac
}

pkg_latest()
{
	local re
	case $1 in
	6.1) re='^linux-image-6\.1\.0-[0-9]+-cloud-arm64-unsigned$' ;;
	6.12) re='^linux-image-6\.12\.[0-9]+\+deb12-cloud-arm64-unsigned$' ;;
	*) return 0 ;;
	esac
	apt-cache search --names-only "$re" | cut -d' ' -f1 | sort -V | tail -n 1
}

pkg_available()
{
	apt-cache policy "$1:arm64" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -qv '(none)'
}

# fetch_deb WHAT DIR: WHAT's arm64 package unpacked into DIR/root (once; DIR/ready).
fetch_deb()
{
	local what=$1 dir=$2 pkg deb

	[ -f "$dir/ready" ] && return 0
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		die "dpkg has no arm64 architecture (dpkg --add-architecture arm64; apt-get update; or .ci/deps)"
	pkg=$(pkg_default "$what")
	if ! pkg_available "$pkg"; then
		say "fetch $what: $pkg:arm64 not known to apt, running apt-get update"
		apt-get update -qq || die "apt-get update failed"
	fi
	if ! pkg_available "$pkg"; then
		pkg=$(pkg_latest "$what")
		[ -n "$pkg" ] || die "no arm64 package for $what in apt"
		say "fetch $what: falling back to $pkg"
	fi
	mkdir -p "$LAB_CACHE/debs"
	deb=$(find "$LAB_CACHE/debs" -name "${pkg}_*_arm64.deb" | sort -V | tail -n 1)
	if [ -z "$deb" ]; then
		say "fetch $what: apt-get download $pkg:arm64 into $LAB_CACHE/debs"
		(cd "$LAB_CACHE/debs" && apt-get download -q "$pkg:arm64" 2>/dev/null) ||
			die "apt-get download $pkg:arm64 failed"
		deb=$(find "$LAB_CACHE/debs" -name "${pkg}_*_arm64.deb" | sort -V | tail -n 1)
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg -x "$deb" "$dir/root"
	echo "$pkg $(dpkg-deb -f "$deb" Version)" >"$dir/package"
	touch "$dir/ready"
}

cmd_fetch()
{
	local kver=$1 dir=$LAB_CACHE/arm64-$1 vmlinuz release

	if [ ! -f "$dir/ready" ]; then
		fetch_deb "$kver" "$dir"
		vmlinuz=$(find "$dir/root/boot" -name 'vmlinuz-*' | head -n 1)
		[ -f "$vmlinuz" ] || die "$(cat "$dir/package") holds no /boot/vmlinuz-*"
		release=${vmlinuz##*/vmlinuz-}
		[ -f "$dir/root/boot/config-$release" ] || die "no /boot/config-$release"
		echo "$release" >"$dir/release"
	fi
	fetch_deb busybox "$LAB_CACHE/arm64-busybox"
	[ -x "$LAB_CACHE/arm64-busybox/root/bin/busybox" ] || die "busybox-static:arm64 has no /bin/busybox"
	say "fetch $kver: cached in $dir ($(cat "$dir/package"), release $(cat "$dir/release"))"
}

# The guest's /init. The kernel console and the data share ttyAMA0: the data goes out
# only after printk is silenced, as base64 between markers with its md5 and size.
write_init()
{
	cat >"$1" <<'EOF'
#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# mmtrace arm64 lab guest init, generated by cmd/tests/qemu/lab_arm64.sh.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /out
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug
exec </dev/console >/dev/console 2>&1
read -r up _ </proc/uptime
echo "lab: /init reached at uptime $up s"
echo "$up" >/out/uptime-init
cat /proc/sys/kernel/osrelease >/out/osrelease
echo "lab: $(mmtrace --version) snapshots and records"

# As lab.sh: recompute watermarks, pcp sizes and protection from today's managed counts
# (init memory was freed into the zones after boot computed them), so the snapshot is
# self-consistent for info --check.
cat /proc/sys/vm/min_free_kbytes >/proc/sys/vm/min_free_kbytes
cat /proc/sys/vm/lowmem_reserve_ratio >/proc/sys/vm/lowmem_reserve_ratio

# run NAME CMD...: CMD's output in /out/NAME.log, exit code in /out/NAME.rc, uptimes.
run()
{
	local name=$1 t0 t1 rc
	shift
	read -r t0 _ </proc/uptime
	"$@" >/out/$name.log 2>&1
	rc=$?
	read -r t1 _ </proc/uptime
	echo $rc >/out/$name.rc
	echo "$name rc=$rc start=$t0 end=$t1" >>/out/times
	echo "lab: $name exited $rc ($t0 -> $t1 s)"
	tail -n 5 /out/$name.log
}

# One discarded snapshot warms the sysfs dentry cache and the pcp lists (see lab.sh).
mmtrace snapshot -o /tmp/warm-up.mmt >/dev/null 2>&1
rm -f /tmp/warm-up.mmt
run snapshot mmtrace snapshot -o /out/snap.mmt
run record mmtrace record -d 30 -o /out/rec.mmt -- sh /lab/workload
run guest-info mmtrace info --verify /out/rec.mmt
for f in zoneinfo buddyinfo meminfo pagetypeinfo; do
	cat /proc/$f >/out/$f
done
dmesg >/out/dmesg.txt
read -r up _ </proc/uptime
echo "$up" >/out/uptime-end

cd /out && tar cf - . | gzip -1 >/tmp/out.tgz
sum=$(md5sum </tmp/out.tgz)
size=$(wc -c </tmp/out.tgz)
echo "lab: sending $size bytes over ttyAMA0 at uptime $up s"
echo 1 >/proc/sys/kernel/printk
stty -F /dev/ttyAMA0 raw -echo
{
	echo
	echo MMTRACE-LAB-BEGIN
	base64 </tmp/out.tgz
	echo "MMTRACE-LAB-END ${sum%% *} $size"
} >/dev/ttyAMA0
sync
sleep 1
poweroff -f
sleep 5
reboot -f
EOF
	chmod 755 "$1"
}

cmd_boot()
{
	local kver=$1 mem=$2 cpus=$3 outdir=$4 dir=$LAB_CACHE/arm64-$1 release pkg root
	local rc start end append sum size got

	command -v $QEMU >/dev/null || die "$QEMU missing (apt-get install qemu-system-arm)"
	[ -n "${LAB_MMTRACE:-}" ] || die "LAB_MMTRACE= (a static arm64 mmtrace) is required"
	[ -f "$LAB_MMTRACE" ] || die "LAB_MMTRACE=$LAB_MMTRACE does not exist (make static-arm64)"
	file -L "$LAB_MMTRACE" | grep -q 'ARM aarch64.*statically linked' ||
		die "LAB_MMTRACE=$LAB_MMTRACE is not a static aarch64 binary (make static-arm64)"
	cmd_fetch "$kver"
	release=$(cat "$dir/release")
	pkg=$(cat "$dir/package")

	if [ -e "$outdir" ] && [ -n "$(ls -A "$outdir")" ] && [ ! -f "$outdir/lab-info" ]; then
		die "$outdir exists, is not empty and holds no lab-info; refusing to overwrite"
	fi
	work=$(mktemp -d /tmp/mmtrace-lab-arm64.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	root=$work/root

	mkdir -p "$root/bin" "$root/dev" "$root/lab" "$root/boot"
	cp "$LAB_CACHE/arm64-busybox/root/bin/busybox" "$root/bin/busybox"
	mknod "$root/dev/console" c 5 1
	write_init "$root/init"
	printf '%s\n' "$LAB_WORKLOAD" >"$root/lab/workload"
	cp -L "$LAB_MMTRACE" "$root/bin/mmtrace"
	cp "$dir/root/boot/config-$release" "$root/boot/config-$release"
	(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/initrd"

	# gic-version=3 and pauth-impdef=on as LAB.md: -cpu max with the architected
	# pointer-authentication algorithm makes TCG several times slower.
	append="console=ttyAMA0 quiet panic=-1 nokaslr no_hash_pointers ${LAB_APPEND:-}"
	# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
	local qemu=("$QEMU" -M virt,gic-version=3 -cpu max,pauth-impdef=on -m "$mem" -smp "$cpus"
		-display none -monitor none -no-reboot
		-kernel "$dir/root/boot/vmlinuz-$release" -initrd "$work/initrd"
		-append "$append" -serial "file:$work/ttyAMA0")
	# shellcheck disable=SC2206 # LAB_QEMU_OPTS is a list of options
	qemu+=(${LAB_QEMU_OPTS:-})
	say "boot arm64 $kver: timeout $LAB_TIMEOUT $(printf "%q " "${qemu[@]}")"
	start=$(date +%s.%N)
	set +e
	timeout -k 10 "$LAB_TIMEOUT" "${qemu[@]}" </dev/null
	rc=$?
	set -e
	end=$(date +%s.%N)
	tr -d '\r' <"$work/ttyAMA0" >"$work/serial"
	sed '/^MMTRACE-LAB-BEGIN/,/^MMTRACE-LAB-END/d' "$work/serial" >"$work/console.log"

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		tail -n 30 "$work/console.log" >&2
		die "guest arm64 $kver $mem/${cpus}cpu hung: no poweroff within $LAB_TIMEOUT s"
	fi
	if ! grep -q '^MMTRACE-LAB-BEGIN' "$work/serial"; then
		tail -n 30 "$work/console.log" >&2
		die "guest sent nothing (qemu exit $rc); console above"
	fi
	got=$(sed -n 's/^MMTRACE-LAB-END //p' "$work/serial")
	[ -n "$got" ] || die "data on ttyAMA0 has no end marker: output cut off"
	sed -n '/^MMTRACE-LAB-BEGIN/,/^MMTRACE-LAB-END/{/^MMTRACE-LAB-/d;p}' "$work/serial" |
		base64 -d >"$work/out.tgz" || die "data on ttyAMA0 is not valid base64"
	sum=$(md5sum <"$work/out.tgz" | cut -d' ' -f1)
	size=$(wc -c <"$work/out.tgz")
	[ "$got" = "$sum $size" ] || die "data on ttyAMA0 corrupt: got $sum $size, guest sent $got"

	rm -rf "$outdir"
	mkdir -p "$outdir"
	tar xzf "$work/out.tgz" -C "$outdir"
	cp "$work/console.log" "$outdir/console.log"
	got=$(cat "$outdir/osrelease")
	[ "$got" = "$release" ] || die "guest runs $got, package holds $release"
	{
		echo "kernel_package: $pkg"
		echo "release: $release"
		echo "busybox_package: $(cat "$LAB_CACHE/arm64-busybox/package")"
		echo "qemu: $($QEMU --version | head -n 1)"
		echo "command: $(printf "%q " "${qemu[@]}")"
		echo "workload: $LAB_WORKLOAD"
		echo "mmtrace: $LAB_MMTRACE ($(md5sum <"$LAB_MMTRACE" | cut -d' ' -f1))"
		echo "uptime_at_init_s: $(cat "$outdir/uptime-init")"
		echo "uptime_at_end_s: $(cat "$outdir/uptime-end")"
		echo "wall_s: $(awk "BEGIN { printf \"%.1f\", $end - $start }")"
		sed 's/^/guest_/' "$outdir/times"
	} >"$outdir/lab-info"
	say "boot arm64 $kver: done; $outdir:"
	sed 's/^/    /' "$outdir/lab-info" >&2
}

[ $# -ge 1 ] || usage
case $1 in
fetch)
	[ $# -eq 2 ] || usage
	cmd_fetch "$2"
	;;
boot)
	[ $# -eq 5 ] || usage
	cmd_boot "$2" "$3" "$4" "$5"
	;;
*)
	usage
	;;
esac
