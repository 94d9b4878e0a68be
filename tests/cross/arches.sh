# tests/cross/arches.sh - sourced: the one table of the architectures nsbox
# is cross-built for and booted on, and apt run for one of them.
#
# arch_set A sets, for architecture A:
#   deb      Debian's name for it (apt's -oAPT::Architecture)
#   triple   the prefix of its cross gcc and binutils (gcc-TRIPLE)
#   kmeta    the metapackage of the kernel flavour qemu boots
#   qemu     the qemu binary, qemu_pkg the package holding it, machine
#            its options, console the kernel's console device
#   budget   the largest static nsbox allowed, in bytes (160 or 224 KiB:
#            64-bit RISC, s390x and MIPS code is 15-40% larger)
# and returns 1 for a name not in the table.
CROSS_ARCHES="x86_64 arm64 armhf i386 s390x mipsel mips64el ppc64el"
# The smallest build's bound, x86_64's: ns-unshare and ns-exec made
# WITHOUT every feature (README), at most 48 KiB.
SMALLEST_BUDGET=49152

arch_set() {
	budget=163840 qemu_pkg="qemu-system-x86" console=ttyS0 machine=
	case $1 in
	x86_64)
		deb=amd64 triple="x86_64-linux-gnu" kmeta=linux-image-cloud-amd64
		qemu="qemu-system-x86_64"
		;;
	i386)
		# gcc's triple names the CPU (i686), the header directory
		# Debian's architecture (i386-linux-gnu): read, not derived.
		deb=i386 triple="i686-linux-gnu" kmeta=linux-image-686-pae
		qemu=qemu-system-i386 machine="-M pc"
		;;
	arm64)
		# -cpu max is three times slower.
		deb=arm64 triple=aarch64-linux-gnu budget=229376
		kmeta=linux-image-cloud-arm64 qemu=qemu-system-aarch64
		qemu_pkg=qemu-system-arm machine="-M virt -cpu cortex-a57"
		console=ttyAMA0
		;;
	armhf)
		deb=armhf triple=arm-linux-gnueabihf
		kmeta=linux-image-armmp-lpae qemu=qemu-system-arm
		qemu_pkg=qemu-system-arm machine="-M virt -cpu cortex-a15"
		console=ttyAMA0
		;;
	s390x)
		deb=s390x triple=s390x-linux-gnu budget=229376
		kmeta=linux-image-s390x qemu=qemu-system-s390x
		qemu_pkg=qemu-system-misc machine="-M s390-ccw-virtio"
		console=ttysclp0
		;;
	mipsel)
		# The mips32r2el flavour prints nothing; malta hangs with
		# more than one CPU.
		deb=mipsel triple=mipsel-linux-gnu budget=229376
		kmeta=linux-image-4kc-malta qemu=qemu-system-mipsel
		qemu_pkg=qemu-system-mips machine="-M malta -cpu 24Kf"
		;;
	mips64el)
		deb=mips64el triple=mips64el-linux-gnuabi64 budget=229376
		kmeta=linux-image-5kc-malta qemu=qemu-system-mips64el
		qemu_pkg=qemu-system-mips machine="-M malta -cpu 5KEf"
		;;
	ppc64el)
		# The Spectre capabilities qemu's TCG cannot give the
		# kernel are declared absent, or pseries refuses to start.
		deb=ppc64el triple=powerpc64le-linux-gnu budget=229376
		kmeta=linux-image-powerpc64le qemu=qemu-system-ppc64
		qemu_pkg=qemu-system-ppc console=hvc0
		machine="-M pseries,cap-cfpc=broken,cap-sbbc=broken"
		machine="$machine,cap-ibs=broken,cap-ccf-assist=off"
		machine="$machine -cpu power9 -vga none"
		;;
	*) return 1 ;;
	esac
}

# apt_for DIR ARGS...: apt-get (or apt-cache, when ARGS start with
# "cache") for architecture $deb alone, with package lists and caches of
# its own under DIR: the machine's apt state is neither read nor changed.
apt_for() {
	_dir=$1
	shift
	case $_dir in /*) ;; *) _dir=$PWD/$_dir ;; esac # apt reads it under /
	_tool=apt-get
	if [ "$1" = cache ]; then
		_tool=apt-cache
		shift
	fi
	mkdir -p "$_dir/lists/partial" "$_dir/cache/archives/partial"
	: >>"$_dir/status"
	"$_tool" -qq -oAPT::Architecture="$deb" -oAPT::Architectures="$deb" \
		-oDir::State::Lists="$_dir/lists" -oDir::Cache="$_dir/cache" \
		-oDir::State::status="$_dir/status" \
		-oAPT::Sandbox::User=root "$@"
}

# apt_lists DIR: the package lists for $deb, once. Exit status 100 means
# some index could not be had (a stale mirror file, a repository without
# this architecture): what the others list is enough.
apt_lists() {
	[ -e "$1/.updated" ] && return 0
	apt_for "$1" update >/dev/null 2>&1 || [ $? = 100 ] || return 1
	touch "$1/.updated"
}

# host_install CMD:PKG...: installs the packages of the commands missing,
# as root through apt; otherwise names them and fails.
host_install() {
	_need=
	for _t; do
		command -v "${_t%%:*}" >/dev/null 2>&1 || _need="$_need ${_t#*:}"
	done
	[ -z "$_need" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "cross: needs$_need (apt-get install them as root)" >&2
		return 1
	fi
	echo "cross: installing$_need" >&2
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq $_need; } >/dev/null
}
