#!/bin/bash
# tests/faults.sh - every state-changing command, with each kind of system
# call it makes failing in turn (strace fault injection): it either works
# (a retried EINTR, a failure it may ignore) and its result is right, or
# it fails with its documented status and one line that names the object
# and the kernel's error, and leaves nothing half-made behind.
. "$(dirname "$0")/lib.sh"

unset NETNS_RUN_DIR NETNS_ETC_DIR
RUN=/run/netns
P=nsbox-test-fault-$$		# every name made here starts with this
IFP=nbf$(($$ % 100000))		# and every interface name with this
NET4=169.254.$((150 + $$ % 50))	# a /24 of our own

# --- the engine -----------------------------------------------------------

# Calls that cannot fail once the program runs (or are the dynamic
# loader's); execve: the command's own exec is not ours to fail; ioctl:
# the NS_GET_* ones fail only with ENOTTY, on kernels before 4.11
# (tests/kernels.sh).
UNFAILING=" $(echo execve brk mmap munmap mprotect arch_prctl set_tid_address \
	set_robust_list rseq prlimit64 pread64 getuid getgid geteuid getegid \
	getpid gettid getppid rt_sigaction rt_sigprocmask rt_sigreturn \
	exit_group exit sigaltstack sched_getaffinity getrandom ioctl) "

# The errors the kernel can give for a call of each kind (at most two).
errors_for() {
	case $1 in
	openat | open) echo ENOMEM ENOSPC ;;
	mount | move_mount | open_tree | fsmount | fsconfig | fsopen)
		echo ENOMEM EBUSY ;;
	umount2) echo EBUSY EPERM ;;
	unlink | unlinkat | rmdir) echo EBUSY EPERM ;;
	mkdir | mkdirat) echo ENOSPC EPERM ;;
	setns | unshare) echo ENOMEM EPERM ;;
	clone | clone3 | fork | vfork) echo EAGAIN ENOMEM ;;
	socket | bind) echo ENOMEM ;;
	sendto | sendmsg) echo ENOBUFS ;;
	recvfrom | recvmsg) echo ENOBUFS EINTR ;;
	read) echo EIO EINTR ;;
	write) echo ENOSPC EINTR ;;
	close) echo EIO EINTR ;;
	flock | wait4 | waitid) echo EINTR ;;
	pipe2 | pidfd_open | inotify_init1) echo EMFILE ;;
	*) echo ENOMEM EPERM ;;
	esac
}

# errtext ERRNO: the text of ERRNO, as glibc or musl says it (an ERE).
errtext() {
	local musl
	case $1 in
	ENOMEM) musl='Out of memory' ;;
	EBUSY) musl='Resource busy' ;;
	EIO) musl='I/O error' ;;
	EMFILE) musl='No file descriptors available' ;;
	esac
	echo "($(perl -MErrno -e '$! = &{"Errno::$ARGV[0]"}; print "$!"' \
		"$1")${musl:+|$musl})"
}

# baseline APPLET: how many calls of each kind the start of the program
# (the loader, the dispatcher) makes, as "KIND=N ..."; the injection goes
# to the first call after those. strace counts per process, so in a child
# (ns-clone's, a helper) it hits the call of that number: the first where
# the kind has no calls at the start, a later one where it has.
baseline() {
	strace -f -qq -c -o "$TESTDIR/base" "$NSBOX" "$1" --version \
		>/dev/null 2>&1
	awk 'NR > 2 && $1 !~ /^-/ && $NF != "total" && $NF != "write" {
		printf "%s=%s ", $NF, $4 }' "$TESTDIR/base"
}

# kinds CMD...: the kinds of call CMD makes, up to its command's exec.
kinds() {
	strace -f -qq -b execve -c -o "$TESTDIR/kinds" "$@" >/dev/null 2>&1
	awk 'NR > 2 && $1 !~ /^-/ && $NF != "total" { print $NF }' \
		"$TESTDIR/kinds" | sort
}

# calls_in KIND "KIND=N ...": N, or 0.
calls_in() {
	local w
	for w in $2; do
		[ "${w%%=*}" = "$1" ] && { echo "${w#*=}"; return; }
	done
	echo 0
}

# sweep CASE STATUS APPLET: run the command of CASE (CASE_cmd sets CMD)
# with each kind of call it makes failing in turn, with each error
# errors_for gives. CASE_setup and CASE_undo run around each try;
# CASE_made says what is wrong with a success, CASE_left what a failure
# left behind (nothing printed: all is well). A failure must be STATUS and
# one line (hint lines aside): "APPLET: WHAT: ERROR", with the injected
# ERROR. Each case is counted in FAULT_CASES.
sweep() {
	local c=$1 status=$2 applet=$3 base kind err n when text lines why
	local first
	"${c}_setup" || { fail "$c: setup"; return 1; }
	"${c}_cmd"
	base=$(baseline "$applet")
	first=$(kinds "${CMD[@]}")
	"${c}_undo"
	for kind in $first; do
		[[ $UNFAILING == *" $kind "* ]] && continue
		n=$(calls_in "$kind" "$base")
		when=$((n + 1))
		for err in $(errors_for "$kind"); do
			FAULT_CASES=$((FAULT_CASES + 1))
			"${c}_setup" || { fail "$c: setup"; return 1; }
			"${c}_cmd"
			run timeout 20 strace -f -qq -b execve -o /dev/null \
				-e inject="$kind:error=$err:when=$when" "${CMD[@]}"
			why=
			if [ "$RC" = 0 ]; then
				why=$("${c}_made")
			elif [ "$RC" = 124 ]; then
				why="hangs"
			else
				text=$(errtext "$err")
				lines=$(printf '%s\n' "$ERR" |
					grep -vc "^$applet: hint: ")
				[ "$RC" = "$status" ] ||
					why+=" status $RC, not $status;"
				# Statically linked, a child's read is hit as
				# well (its first): each may say its own.
				[ "$lines" = 1 ] || { [ "$applet" = ns-clone ] &&
					[ "$(printf '%s\n' "$ERR" | grep -Ec \
					"^$applet: .*[^ ]: $text\$")" = 2 ]; } ||
					why+=" $lines lines;"
				printf '%s\n' "$ERR" |
					grep -Eq "^$applet: .*[^ ]: $text\$" ||
					why+=" no \"$applet: WHAT: $text\";"
				why+=$("${c}_left")
			fi
			[ -n "$FAULTS_VERBOSE" ] &&
				echo "$c $kind:$err:when=$when rc=$RC ${ERR//$'\n'/ | }" >&2
			if [ -n "$why" ]; then
				fail "${CMD[*]} with $kind:error=$err:when=$when: $why (stderr: $ERR)"
			fi
			"${c}_undo"
		done
	done
	return 0
}

FAULT_CASES=0
oneTimeSetUp() {
	need_cmd strace ip >/dev/null
}

# is_pin PATH [INODE]: PATH is an nsfs mount here (of INODE).
is_pin() {
	nsfs_mounted "$1" || { echo " $1 is no pin;"; return; }
	[ -z "$2" ] || [ "$(stat -L -c %i "$1")" = "$2" ] ||
		echo " $1 pins the wrong namespace;"
}

# gone PATH: neither a file nor a mount at PATH.
gone() {
	[ ! -e "$1" ] && [ ! -L "$1" ] || echo " $1 left;"
	[ "$(mounts_at "$1")" = 0 ] || echo " a mount left on $1;"
}

# A process in new namespaces of its own, for pins to point at.
target() {
	[ -n "$TGT" ] && [ -d "/proc/$TGT" ] && return
	spawn_target unshare -m -u -i -n --propagation private sleep 1000
	TGT=$TARGET
}

# --- ns-netns -------------------------------------------------------------

add_setup() { :; }
add_cmd() { CMD=(ns-netns add "$P-a"); }
add_made() { is_pin "$RUN/$P-a"; }
add_left() { gone "$RUN/$P-a"; }
add_undo() { umount "$RUN/$P-a" 2>/dev/null; rm -f "$RUN/$P-a"; }

test_netns_add_fails_whole_or_not_at_all() {
	need_root || return
	defer add_undo
	sweep add 1 ns-netns
}

del_setup() { [ -e "$RUN/$P-d" ] || ns-netns add "$P-d"; }
del_cmd() { CMD=(ns-netns delete "$P-d"); }
del_made() { gone "$RUN/$P-d"; }
# rerun_clears PATH CMD...: a failed delete left PATH a pin (status 1,
# nothing printed), or, failing after the unmount (which cannot be taken
# back), an empty file that CMD, the same delete rerun, must remove.
rerun_clears() {
	local path=$1
	shift
	nsfs_mounted "$path" && return 1
	"$@" 2>/dev/null || echo " the rerun fails;"
	gone "$path"
}

# A failed delete leaves the name as it was, or what the rerun removes.
del_left() {
	rerun_clears "$RUN/$P-d" ns-netns delete "$P-d" || is_pin "$RUN/$P-d"
}
del_undo() { umount "$RUN/$P-d" 2>/dev/null; rm -f "$RUN/$P-d"; }

test_netns_delete_fails_whole_or_not_at_all() {
	need_root || return
	defer del_undo
	sweep del 1 ns-netns
}

veth_setup() {
	[ -e "$RUN/$P-v" ] || ns-netns add "$P-v"
}
veth_cmd() {
	CMD=(ns-netns veth "$P-v" "${IFP}h:${IFP}p" --addr "$NET4.1/24"
		--peer-addr "$NET4.2/24")
}
veth_made() {
	ip -o addr show dev "${IFP}h" 2>/dev/null | grep -q " $NET4.1/24 " ||
		echo " no $NET4.1 on ${IFP}h;"
	ip -o link show dev "${IFP}h" 2>/dev/null | grep -q ',UP' ||
		echo " ${IFP}h is not up;"
	ip -n "$P-v" -o addr show dev "${IFP}p" 2>/dev/null |
		grep -q " $NET4.2/24 " || echo " no $NET4.2 on ${IFP}p;"
	ip -n "$P-v" -o link show dev lo | grep -q ',UP' ||
		echo " lo is not up in $P-v;"
}
veth_left() {
	[ -z "$(link_names | grep "^$IFP")" ] ||
		echo " left here: $(link_names | grep "^$IFP");"
	[ -z "$(link_names -n "$P-v" | grep "^$IFP")" ] ||
		echo " left in $P-v: $(link_names -n "$P-v" | grep "^$IFP");"
}
veth_undo() { ip link del "${IFP}h" 2>/dev/null; }

test_netns_veth_fails_whole_or_not_at_all() {
	need_root || return
	defer "ip link del ${IFP}h 2>/dev/null; ip netns del $P-v"
	sweep veth 1 ns-netns
}

exec_setup() { [ -e "$RUN/$P-x" ] || ns-netns add "$P-x"; }
exec_cmd() { CMD=(ns-netns exec "$P-x" ls /sys/class/net); }
exec_made() { [ "$OUT" = lo ] || echo " sees \"${OUT//$'\n'/ }\", not lo;"; }
exec_left() { :; }
exec_undo() { :; }

test_netns_exec_fails_before_the_command_runs() {
	need_root || return
	defer "ip netns del $P-x"
	sweep exec 125 ns-netns
}

# --- ns-unshare -------------------------------------------------------------

unet_setup() { :; }
unet_cmd() { CMD=(ns-unshare --net="$P-u" true); }
unet_made() { is_pin "$RUN/$P-u"; }
unet_left() { gone "$RUN/$P-u"; }
unet_undo() { umount "$RUN/$P-u" 2>/dev/null; rm -f "$RUN/$P-u"; }

test_unshare_net_name_fails_whole_or_not_at_all() {
	need_root || return
	defer unet_undo
	sweep unet 125 ns-unshare
}

uuts_setup() { D=$TESTDIR/nsbox-test-uts; mkdir -p "$D"; }
uuts_cmd() { CMD=(ns-unshare --uts="$D/uts" true); }
uuts_made() { is_pin "$D/uts"; }
uuts_left() { gone "$D/uts"; }
uuts_undo() { umount "$D/uts" 2>/dev/null; rm -f "$D/uts"; }

test_unshare_uts_file_fails_whole_or_not_at_all() {
	need_root || return
	uuts_setup
	defer uuts_undo
	sweep uuts 125 ns-unshare
}

# --- ns-clone ----------------------------------------------------------------

cpid_setup() { D=$TESTDIR/nsbox-test-pidfile; mkdir -p "$D"; }
cpid_cmd() {
	CMD=(ns-clone -n --pidfile "$D/pid" sh -c 'echo $$; cat "$1"' sh
		"$D/pid")
}
# The command saw its own PID in the file, which is gone once it ended.
cpid_made() {
	local lines
	mapfile -t lines <<<"$OUT"
	[ -n "${lines[0]}" ] && [ "${lines[0]}" = "${lines[1]}" ] ||
		echo " the pidfile said \"${lines[1]}\", not \"${lines[0]}\";"
	gone "$D/pid"
}
cpid_left() { gone "$D/pid"; }
cpid_undo() { rm -f "$D/pid"; }

test_clone_pidfile_fails_whole_or_not_at_all() {
	need_root || return
	cpid_setup
	sweep cpid 125 ns-clone
}

cpin_setup() { mount_scratch clone-pin private >/dev/null || return 1; }
cpin_cmd() { CMD=(ns-clone -n -u --pin "$MNT_DIR/p" true); }
cpin_made() {
	is_pin "$MNT_DIR/p/net"
	is_pin "$MNT_DIR/p/uts"
	[ "$(stat -L -c %i "$MNT_DIR/p/uts" 2>/dev/null)" != \
		"$(ns_inode $$ uts)" ] || echo " the uts pin is ours;"
}
cpin_left() { gone "$MNT_DIR/p"; }
cpin_undo() {
	umount "$MNT_DIR/p/net" "$MNT_DIR/p/uts" 2>/dev/null
	rm -rf "$MNT_DIR/p"
}

test_clone_pin_fails_whole_or_not_at_all() {
	need_root || return
	cpin_setup || { fail "a private scratch mount"; return; }
	cpin_undo
	defer cpin_undo
	# sweep's own setups find the scratch mount made.
	cpin_setup() { :; }
	sweep cpin 125 ns-clone
	unset -f cpin_setup
}

# --- ns-exec -------------------------------------------------------------------

xpin_setup() { :; }
xpin_cmd() { CMD=(ns-exec --uts="$D/uts" uname -n); }
xpin_made() {
	[ "$OUT" = nsbox-test-fault ] || echo " in \"$OUT\", not the pin's;"
}
xpin_left() { :; }
xpin_undo() { :; }

test_exec_into_a_pin_fails_before_the_command_runs() {
	need_root || return
	D=$(scratch exec-pin)
	defer "umount '$D/uts'"
	ns-unshare --uts="$D/uts" hostname nsbox-test-fault ||
		{ fail "a uts pin"; return; }
	sweep xpin 125 ns-exec
}

# --- ns-pin -----------------------------------------------------------------------

pin1_setup() { target; }
pin1_cmd() { CMD=(ns-pin -t "$TGT" -u "$MNT_DIR/uts"); }
pin1_made() { is_pin "$MNT_DIR/uts" "$(ns_inode "$TGT" uts)"; }
pin1_left() { gone "$MNT_DIR/uts"; }
pin1_undo() { umount "$MNT_DIR/uts" 2>/dev/null; rm -f "$MNT_DIR/uts"; }

test_pin_target_fails_whole_or_not_at_all() {
	need_root || return
	mount_scratch pin-one private || { fail "a scratch mount"; return; }
	defer pin1_undo
	sweep pin1 1 ns-pin
}

pinall_setup() { target; }
pinall_cmd() { CMD=(ns-pin -t "$TGT" -a "$MNT_DIR/all"); }
pinall_made() {
	local f
	for f in mnt uts ipc net; do
		is_pin "$MNT_DIR/all/$f" "$(ns_inode "$TGT" "$f")"
	done
}
pinall_left() { gone "$MNT_DIR/all"; }
pinall_undo() {
	local f
	for f in "$MNT_DIR"/all/*; do
		umount "$f" 2>/dev/null
	done
	rm -rf "$MNT_DIR/all"
}

test_pin_all_into_a_dir_fails_whole_or_not_at_all() {
	need_root || return
	mount_scratch pin-all private || { fail "a scratch mount"; return; }
	defer pinall_undo
	sweep pinall 1 ns-pin
}

pindel_setup() {
	target
	nsfs_mounted "$MNT_DIR/del" || ns-pin -t "$TGT" -u "$MNT_DIR/del"
}
pindel_cmd() { CMD=(ns-pin -d "$MNT_DIR/del"); }
pindel_made() { gone "$MNT_DIR/del"; }
pindel_left() {
	rerun_clears "$MNT_DIR/del" ns-pin -d "$MNT_DIR/del" ||
		is_pin "$MNT_DIR/del" "$(ns_inode "$TGT" uts)"
}
pindel_undo() { umount "$MNT_DIR/del" 2>/dev/null; rm -f "$MNT_DIR/del"; }

test_unpin_fails_whole_or_not_at_all() {
	need_root || return
	mount_scratch pin-del private || { fail "a scratch mount"; return; }
	defer pindel_undo
	sweep pindel 1 ns-pin
}

# --- the faults of issue 15, one by one ------------------------------------

# A lost answer to the request that makes the pair: the pair is taken back
# and the same command run again works (it used to fail "File exists").
test_veth_whose_answer_is_lost_leaves_no_link_and_can_be_rerun() {
	need_root || return
	defer "ip link del ${IFP}h 2>/dev/null; ip netns del $P-v"
	veth_setup
	veth_cmd
	run strace -f -qq -o /dev/null -e inject=recvfrom:error=ENOBUFS:when=1 \
		"${CMD[@]}"
	assertEquals "$ERR" "1 ns-netns: cannot create veth ${IFP}h:${IFP}p: No buffer space available" \
		"$RC $ERR"
	assertEquals "nothing left" "" "$(veth_left)"
	run "${CMD[@]}"
	assertEquals "rerun: $ERR" 0 "$RC"
	assertEquals "rerun made it" "" "$(veth_made)"
}

test_veth_says_why_it_cannot_enter_the_namespace() {
	need_root || return
	defer "ip link del ${IFP}h 2>/dev/null; ip netns del $P-v"
	veth_setup
	veth_cmd
	run strace -f -qq -o /dev/null -e inject=setns:error=EPERM:when=1 \
		"${CMD[@]}"
	assertEquals "1 ns-netns: cannot enter the network namespace \"$P-v\": Operation not permitted" \
		"$RC $ERR"
	assertEquals "nothing left" "" "$(veth_left)"
}

# Only the way back failed: the work stands, status 0, and a warning says
# so (it used to exit 1 with the namespace or the pair made).
test_add_and_veth_succeed_when_only_the_return_fails() {
	need_root || return
	defer "ip link del ${IFP}h 2>/dev/null; ip netns del $P-v; add_undo"
	run strace -f -qq -o /dev/null -e inject=setns:error=EPERM:when=1 \
		ns-netns add "$P-a"
	assertEquals "add: $ERR" 0 "$RC"
	assertEquals "add" "ns-netns: cannot return from \"$P-a\" to our network namespace (harmless: we exit now): Operation not permitted" \
		"$ERR"
	assertEquals "add made it" "" "$(add_made)"
	veth_setup
	veth_cmd
	run strace -f -qq -o /dev/null -e inject=setns:error=EPERM:when=2 \
		"${CMD[@]}"
	assertEquals "veth: $ERR" 0 "$RC"
	assertEquals "veth" "ns-netns: cannot return from \"$P-v\" to our network namespace (harmless: we exit now): Operation not permitted" \
		"$ERR"
	assertEquals "veth made it" "" "$(veth_made)"
}

# The child has said it is ready (the delay lets it) when our read of
# that fails: ns-clone used to wait for it for ever.
test_clone_ends_its_child_when_reading_the_ready_pipe_fails() {
	need_root || return
	cpid_setup
	cpid_cmd
	run timeout 20 strace -f -qq -o /dev/null \
		-e inject=read:error=EIO:delay_enter=300000:when=$(($(calls_in \
		read "$(baseline ns-clone)") + 1)) "${CMD[@]}"
	assertEquals "$ERR" 125 "$RC"
	# Statically linked, the child's first read (of the go pipe) fails
	# too, and it says so first.
	assertTrue "$ERR" "printf '%s\n' \"\$ERR\" | grep -Eqx \
		'ns-clone: cannot read the ready pipe of child [0-9]+: $(errtext EIO)'"
	assertEquals "no pidfile" "" "$(cpid_left)"
}

# util-linux unshare binds a second namespace over the name (two mounts
# on it, the first one hidden); ns-unshare refuses, as ns-netns add does.
test_unshare_net_refuses_a_name_that_holds_a_namespace() {
	need_root || return
	defer "while umount $RUN/$P-u 2>/dev/null; do :; done; rm -f $RUN/$P-u"
	ns-netns add "$P-u" || { fail "add $P-u"; return; }
	local ino
	ino=$(stat -L -c %i "$RUN/$P-u")
	run ns-netns add "$P-u"
	local want=${ERR/ns-netns:/ns-unshare:}
	run ns-unshare --net="$P-u" true
	assertEquals "125 $want" "$RC $ERR"
	assertEquals "ns-netns add's message" \
		"ns-unshare: cannot create namespace file \"$RUN/$P-u\": File exists" \
		"$ERR"
	assertEquals "one mount, the first namespace" "1 $ino" \
		"$(mounts_at "$RUN/$P-u") $(stat -L -c %i "$RUN/$P-u")"
	unshare --net="$RUN/$P-u" true
	assertEquals "util-linux stacks a second one" 2 \
		"$(mounts_at "$RUN/$P-u")"
}

oneTimeTearDown() {
	echo "faults: $FAULT_CASES cases"
	rm -rf "$TESTDIR"
}

run_suite
