#!/bin/sh
# tests/deps.sh - make sure the test tools are here. As root with apt, it
# installs what is missing; otherwise it names the packages to install.
missing=
need() {	# need COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || case " $missing " in
		*" $2 "*) ;;
		*) missing="$missing $2" ;;
	esac
}
need shunit2 shunit2
need unshare util-linux
need nsenter util-linux
need setpriv util-linux
need ip iproute2
need newuidmap uidmap
need busybox busybox-static
need ps procps
need mandoc mandoc
need script bsdutils
need ping iputils-ping
need perl perl
need strace strace
need taskset util-linux
need setcap libcap2-bin
need bwrap bubblewrap	# the oracle of tests/bwrap.sh
need cc gcc
need python3 python3	# ns-exec --pty's injection test
# No command to look for: the completion tests load its script.
[ -r /usr/share/bash-completion/bash_completion ] ||
	missing="$missing bash-completion"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "tests/deps.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq $missing; } >/dev/null ||
		{ echo "tests/deps.sh: apt-get install$missing failed" >&2; exit 1; }
	exit 0
fi
echo "tests/deps.sh: missing test tools; install (Debian packages):$missing" >&2
exit 1
