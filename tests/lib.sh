# tests/lib.sh - helpers shared by every test file (sourced, bash).
#
# A test file sources this, defines test_* functions, then ends with
# `run_suite`. Each test is short, named for the behaviour it shows, and
# either asserts through the kernel or skips with a reason.
#
#   run CMD...          run CMD; sets RC, OUT (stdout), ERR (stderr)
#   defer CMD...        run CMD (a string for eval) when this test ends,
#                       pass or fail, newest first
#   spawn CMD...        start CMD in the background; SPAWNED is its PID;
#                       it is killed (by that PID only) when the test ends
#   skip_test REASON    mark this test skipped and say why (then return)
#   need_root, need_cmd CMD..., need_userns
#   as_nobody CMD...    run as uid/gid 65534 without supplementary groups
#   NOBODY              the same as an array: "${NOBODY[@]}" CMD... execs
#                       CMD, so spawn_target can wait for it
#   status_of CMD...    CMD's exit status as a shell sees it (128+N for
#                       signal N), CMD's output discarded
#   map_of              stdin with the kernel's padding squeezed out (the
#                       lines of uid_map, gid_map, timens_offsets)
#   ns_inode PID TYPE   inode of /proc/PID/ns/TYPE
#   ns_inodes [CMD...]  inodes of each type in NS_TYPES, as CMD sees them
#   scratch NAME        a fresh directory nsbox-test-NAME under TESTDIR
#   mi_escape PATH      PATH as /proc/PID/mountinfo escapes it
#   mounts_at PATH [MOUNTINFO]  how many mounts sit on PATH (ours, or
#                       those MOUNTINFO lists)
#   fstype_at PATH      file system type of the top mount on PATH, or nothing
#   nsfs_mounted PATH   is PATH a bind mount of a namespace (a pin)?
#   cgroup2_root        mount point of the cgroup2 file system, or nothing
#   link_names [-n NAME]  network link names, sorted, one a line: ours,
#                       or those in the network namespace NAME
#   assert_usage_error APPLET STATUS ERROR  the last run was a misuse:
#                       STATUS, ERROR, APPLET's usage line and pointer to
#                       --help, nothing on stdout
#   spawn_target CMD... start CMD, which ends by exec'ing sleep; TARGET
#                       is its PID once it does
#   spawn_child_target CMD...  the same for a sleep CMD forks (ns-unshare -f)
#   child_running PID NAME, dies_soon PID, defer_kill_if PID NAME
#   as_kernel [--cgroup] [--setns-pidfd] VERSION CMD...  CMD with the
#                       system calls of an older Linux, as strace fakes them

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(cd "$TESTS_DIR/.." && pwd)
NSBOX=${NSBOX:-$SRC_DIR/build/nsbox}
case $NSBOX in /*) ;; *) NSBOX=$SRC_DIR/$NSBOX ;; esac
SHUNIT2=${SHUNIT2:-$(command -v shunit2 || echo /usr/share/shunit2/shunit2)}
NSBOX_RESULTS=${NSBOX_RESULTS:-/dev/null}
SUITE=$(basename "$0" .sh)
SHUNIT_COLOR=none

# Applet names, read from the one list (common/applets.h).
applets() {
	sed -n 's/^APPLET([a-z_]*, *"\([^"]*\)".*/\1/p' "$SRC_DIR/common/applets.h"
}
applet_links() {	# every name that dispatches: applets and links
	sed -n 's/^\(APPLET\|LINK\)([a-z_]*, *"\([^"]*\)".*/\2/p' \
		"$SRC_DIR/common/applets.h"
}
compat_links() {
	sed -n 's/^LINK([a-z_]*, *"\([^"]*\)".*COMPAT.*/\1/p' \
		"$SRC_DIR/common/applets.h"
}

# Everything a run creates lives under TESTDIR (readable by uid 65534).
TESTDIR=$(mktemp -d /tmp/nsbox-test-XXXXXX)
chmod 755 "$TESTDIR"
mkdir -p "$TESTDIR/bin" "$TESTDIR/compat"
# The binary is called as "nsbox" whatever its file is named
# (build/nsbox-static): the dispatcher goes by that name.
if [ "$(basename "$NSBOX")" != nsbox ]; then
	mkdir -p "$TESTDIR/binary"
	ln -s "$NSBOX" "$TESTDIR/binary/nsbox"
	NSBOX=$TESTDIR/binary/nsbox
fi
for name in $(applet_links); do
	if compat_links | grep -qx "$name"; then
		ln -s "$NSBOX" "$TESTDIR/compat/$name"
	else
		ln -s "$NSBOX" "$TESTDIR/bin/$name"
	fi
done
# Our applets first; compat names (unshare, nsenter, lsns) stay the peers'.
PATH=$TESTDIR/bin:$PATH
export PATH NSBOX

run() {
	"$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
	RC=$?
	OUT=$(cat "$TESTDIR/out")
	ERR=$(cat "$TESTDIR/err")
}

_deferred=()
defer() {
	_deferred+=("$*")
}

spawn() {
	"$@" &
	SPAWNED=$!
	defer "kill -KILL $SPAWNED 2>/dev/null; wait $SPAWNED 2>/dev/null"
}

_skipped=
skip_test() {
	_skipped=$1
	echo "SKIP: $1"
	startSkipping
}

need_root() {
	[ "$(id -u)" = 0 ] || { skip_test "needs root"; return 1; }
}
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			{ skip_test "needs $c"; return 1; }
	done
}
need_userns() {
	as_nobody unshare -U true 2>/dev/null ||
		{ skip_test "unprivileged user namespaces are disabled"; return 1; }
}

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
as_nobody() {
	"${NOBODY[@]}" "$@"
}

# as_kernel [--cgroup] [--setns-pidfd] VERSION CMD...: CMD (and what it
# starts) under strace, which makes the calls Linux VERSION lacks fail as
# that kernel fails them. strace matches calls by name only, so what
# depends on arguments is said: --cgroup, the first clone3 carries
# CLONE_INTO_CGROUP (5.3 to 5.6 refuse the longer struct: E2BIG);
# --setns-pidfd, the first setns is on a pidfd (EINVAL before 5.8).
# statx fails (ENOSYS) before 5.8 for "no STATX_MNT_ID, no
# STATX_ATTR_MOUNT_ROOT", which strace cannot take out of the answer;
# before 4.11 every ioctl answers ENOTTY (NS_GET_*; a terminal's too). A
# time namespace cannot be hidden: strace injects into calls on a path
# only when it filters every call by that path.
as_kernel() {
	local cgroup= setns= v e=()
	while :; do
		case $1 in
		--cgroup) cgroup=1 ;;
		--setns-pidfd) setns=1 ;;
		*) break ;;
		esac
		shift
	done
	v=$(echo "$1" | awk -F. '{ print $1 * 1000 + $2 }')
	shift
	_lacks() {	# _lacks SINCE CALLS [ERROR]
		[ "$v" -ge "$1" ] || e+=(-e "inject=$2:error=${3:-ENOSYS}")
	}
	_lacks 4011 ioctl ENOTTY
	_lacks 5001 pidfd_send_signal
	_lacks 5002 fsopen,fsconfig,fsmount,move_mount,open_tree
	_lacks 5003 clone3,pidfd_open
	_lacks 5006 pidfd_getfd,openat2
	_lacks 5008 statx,faccessat2
	_lacks 5009 close_range
	_lacks 5012 mount_setattr
	[ -z "$cgroup" ] || [ "$v" -lt 5003 ] || _lacks 5007 clone3 E2BIG:when=1
	[ -z "$setns" ] || [ "$v" -lt 5003 ] || _lacks 5008 setns EINVAL:when=1
	strace -f -qq -o /dev/null "${e[@]}" -- "$@"
}

# Exit status of CMD as a shell sees it (128+N for signal N), quietly.
status_of() {
	sh -c '"$@" >/dev/null 2>&1; echo $?' sh "$@"
}

# Lines with the kernel's padding (id maps) squeezed out.
map_of() {
	awk '{ $1 = $1; print }'
}

ns_inode() {
	stat -L -c %i "/proc/$1/ns/$2"
}

# ns_inodes [CMD...]: the inodes of each type in NS_TYPES (the test file
# sets it), one a line, as the command CMD runs sees its own; no CMD: ours.
ns_inodes() {
	local t paths=()
	for t in $NS_TYPES; do
		paths+=("/proc/self/ns/$t")
	done
	"$@" stat -L -c %i "${paths[@]}"
}

scratch() {
	local d=$TESTDIR/nsbox-test-$1
	rm -rf "$d"
	mkdir -p "$d"
	chmod 755 "$d"
	echo "$d"
}

# make_chroot NAME: a scratch directory to chroot into (not a mount point:
# a chroot into a directory, as in a build root), holding our binary as
# /nsbox with the shared libraries it needs, and empty proc, run and tmp.
# CHROOT names it. Run what goes in there under chrooted.
make_chroot() {
	local lib
	CHROOT=$(scratch "$1")
	mkdir -p "$CHROOT/proc" "$CHROOT/run" "$CHROOT/tmp"
	cp "$NSBOX" "$CHROOT/nsbox"
	for lib in $(ldd "$NSBOX" 2>/dev/null | grep -o '/[^ ]*'); do
		mkdir -p "$CHROOT${lib%/*}"
		cp "$lib" "$CHROOT$lib"
	done
}

# chrooted [--bind DIR] [--userspec U:G] CMD...: CMD chrooted into CHROOT,
# with a proc there (and DIR bound at the same path inside), in a private
# mount namespace of its own (util-linux unshare): whatever is mounted
# for it or by it goes when it ends.
chrooted() {
	local bind= spec=()
	[ "$1" != --bind ] || { bind=$2; shift 2; }
	[ "$1" != --userspec ] || { spec=("$1" "$2"); shift 2; }
	unshare -m --propagation private sh -c '
		root=$1 bind=$2; shift 2
		mount -t proc proc "$root/proc" || exit 125
		if [ -n "$bind" ]; then
			mkdir -p "$root$bind" &&
				mount --rbind "$bind" "$root$bind" || exit 125
		fi
		exec chroot "$@"' sh "$CHROOT" "$bind" "${spec[@]}" "$CHROOT" "$@"
}

# mount_scratch NAME private|shared|slave: a scratch directory (with an
# empty sub/) bound onto itself with that propagation, so a test has a
# mount point of its own; MNT_DIR names it. Unmounted when the test ends.
mount_scratch() {
	MNT_DIR=$(scratch "$1")
	mkdir "$MNT_DIR/sub"
	chmod 755 "$MNT_DIR/sub"
	mount --bind "$MNT_DIR" "$MNT_DIR" || return 1
	defer "umount -l '$MNT_DIR'"
	mount --make-"$2" "$MNT_DIR"
}

# The mount point PATH as /proc/self/mountinfo escapes it.
mi_escape() {
	local s=${1//\\/\\134}
	s=${s// /\\040}
	s=${s//$'\t'/\\011}
	s=${s//$'\n'/\\012}
	printf '%s' "$s"
}

# mounts_at PATH [MOUNTINFO]: how many mounts sit on PATH.
mounts_at() {
	P_AT=$(mi_escape "$1") awk '$5 == ENVIRON["P_AT"]' \
		"${2:-/proc/self/mountinfo}" | wc -l
}

# The file system type mounted on PATH here (the top one), or nothing.
fstype_at() {
	P_AT=$(mi_escape "$1") awk '$5 == ENVIRON["P_AT"] {
			for (i = 7; $i != "-"; i++); t = $(i + 1) }
		END { print t }' /proc/self/mountinfo
}

nsfs_mounted() {
	[ "$(fstype_at "$1")" = nsfs ]
}

# The mount point of the cgroup2 file system, from mountinfo.
cgroup2_root() {
	awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "cgroup2") {
		print $5; exit } }' /proc/self/mountinfo
}

# Link names, one a line, sorted (without the @peer suffix): here, or
# with -n NAME in NAME.
link_names() {
	ip "$@" -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
}

# assert_usage_error APPLET STATUS ERROR: the last run failed with
# STATUS and wrote nothing on stdout; its stderr is ERROR, the usage line
# of APPLET and the pointer to its --help, in that order.
assert_usage_error() {
	assertEquals "$2" "$RC"
	assertEquals "$3" "$(sed -n 1p "$TESTDIR/err")"
	assertEquals "Usage: $1" \
		"$(sed -n 2p "$TESTDIR/err" | cut -c1-$((7 + ${#1})))"
	assertEquals "Try '$1 --help' for more information." \
		"$(sed -n 3p "$TESTDIR/err")"
	assertEquals "nothing on stdout" "" "$OUT"
}

# Wait until a file exists (a background process announcing itself).
wait_for_file() {
	local i
	for i in $(seq 1 200); do
		[ -s "$1" ] && return 0
		sleep 0.02
	done
	return 1
}

# Wait until PID runs COMM (the target has done its setup and exec'd).
wait_comm() {
	local i
	for i in $(seq 1 250); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.02
	done
	return 1
}

# spawn_target CMD...: start CMD, which ends by exec'ing sleep, and wait
# for it; TARGET is its PID.
spawn_target() {
	spawn "$@"
	TARGET=$SPAWNED
	wait_comm "$TARGET" sleep && return 0
	fail "target did not start: $*"
	return 1
}

# spawn_child_target CMD...: start CMD, which forks a child that ends as
# sleep (ns-unshare -f); TARGET is that child, killed when the test ends.
spawn_child_target() {
	local i c
	spawn "$@"
	for i in $(seq 1 250); do
		for c in $(cat "/proc/$SPAWNED/task/$SPAWNED/children" \
			2>/dev/null); do
			if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ]; then
				TARGET=$c
				defer "kill -KILL $c"
				return 0
			fi
		done
		sleep 0.02
	done
	fail "target child did not start: $*"
	return 1
}

# The first child of PID once it runs NAME (polls briefly).
child_running() {
	local c
	for _ in $(seq 1 150); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=${c%% *}
		[ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] &&
			{ echo "$c"; return 0; }
		sleep 0.02
	done
	return 1
}

# Kill PID at the end of the test if it is still the NAME we started.
defer_kill_if() {
	defer "[ \"\$(cat /proc/$1/comm)\" = $2 ] && kill -KILL $1"
}

# Is PID dead (gone or a zombie) within about 2 s?
dies_soon() {
	local s
	for _ in $(seq 1 100); do
		s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
		[ -z "$s" ] || [ "$s" = Z ] && return 0
		sleep 0.02
	done
	return 1
}

setUp() {
	_deferred=()
	_skipped=
}

tearDown() {
	local i verdict
	for ((i = ${#_deferred[@]} - 1; i >= 0; i--)); do
		eval "${_deferred[$i]}" >/dev/null 2>&1
	done
	_deferred=()
	# shunit2 also calls tearDown once outside any test (at exit).
	[ -n "${_shunit_test_:-}" ] || return 0
	if [ "${__shunit_testSuccess}" != "${SHUNIT_TRUE}" ]; then
		verdict=fail
	elif [ -n "$_skipped" ]; then
		verdict=skip
	else
		verdict=pass
	fi
	echo "$verdict $SUITE:${_shunit_test_}${_skipped:+ ($_skipped)}" \
		>>"$NSBOX_RESULTS"
}

oneTimeTearDown() {
	rm -rf "$TESTDIR"
}

run_suite() {
	# shellcheck disable=SC1090
	. "$SHUNIT2"
}
