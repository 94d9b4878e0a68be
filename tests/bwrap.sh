#!/bin/bash
# tests/bwrap.sh - ns-clone under the name bwrap, with bubblewrap itself as
# the oracle: the same command line under /usr/bin/bwrap and under our
# bwrap link must give the same mounts inside (findmnt), id maps,
# capabilities, environment, working directory, messages and statuses,
# as root and as uid 65534. Also the sandbox options under ns-clone's own
# name, and what bubblewrap 0.11.1 does that 0.8.0 does not (--symlink
# that is there already).
. "$(dirname "$0")/lib.sh"

ORACLE=/usr/bin/bwrap
OURS=$TESTDIR/compat/bwrap # a link named bwrap to the binary under test

# What the sandbox looks like from inside, for both to print. (Without
# what other test runs may mount meanwhile under their scratch
# directories or /run/netns, which a bind of / shows as it is then.)
INSIDE='findmnt -rn -o TARGET,FSTYPE,OPTIONS |
	grep -v -e "^/tmp/nsbox-test-" -e "^/run/netns/"
echo maps; cat /proc/self/uid_map /proc/self/gid_map
echo setgroups $(cat /proc/self/setgroups)
grep -E "^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):" /proc/self/status
[ $$ -lt 10 ] && echo pid $$; echo host $(hostname); id; pwd; echo "PWD=$PWD"
env | grep -v "^_=" | sort'

need_oracle() {
	[ -x "$ORACLE" ] || { skip_test "needs bubblewrap ($ORACLE)"; return 1; }
}

# The same ARGS under bubblewrap (RC1, OUT1) and under ours (RC2, OUT2),
# stdout and stderr together; "nobody" first: as uid 65534.
run_both() {
	run_both_redirected "" "$@"
}

# run_both with the redirections in $1 made anew for each (a file read to
# its end by one would be empty for the other).
run_both_redirected() {
	local redirs=$1 as=() b i=0
	shift
	[ "$1" = nobody ] && { as=("${NOBODY[@]}"); shift; }
	for b in "$ORACLE" "$OURS"; do
		i=$((i + 1))
		eval '"${as[@]}" "$b" "$@" >"$TESTDIR/both.$i" 2>&1 '"$redirs"
		eval "RC$i=\$?"
	done
	OUT1=$(cat "$TESTDIR/both.1")
	OUT2=$(cat "$TESTDIR/both.2")
}

# End what a run left writing to FILE: only this test's processes have
# it as their standard output.
end_writers_of() {
	local p
	for p in /proc/[0-9]*; do
		case $(readlink "$p/fd/1" 2>/dev/null) in
		"$1" | "$1 (deleted)") kill -KILL "${p#/proc/}" 2>/dev/null ;;
		esac
	done
}

assert_same_as_bubblewrap() {
	[ "$OUT1" = "$OUT2" ] || diff "$TESTDIR/both.1" "$TESTDIR/both.2" | grep -v "^[<>] [A-Z_]*=" | head -20
	assertEquals "$1: status" "$RC1" "$RC2"
	assertEquals "$1: what the command saw" "$OUT1" "$OUT2"
}

# What a sandbox that leaked would leave in our mount namespace: its
# base on /tmp, its old and new roots. (Only these: other test files
# may mount elsewhere meanwhile.)
host_mounts() {
	awk '$5 == "/tmp" || $5 ~ /\/(newroot|oldroot)(\/|$)/ { print $5, $9 }' \
		/proc/self/mountinfo | sort
}

# --- the sandbox, as bubblewrap builds it --------------------------------

SYSTEM_ARGS=(--ro-bind / / --dev /dev --proc /proc --unshare-all)

test_ro_root_dev_proc_unshare_all_as_root_matches_bubblewrap() {
	need_root && need_oracle || return 0
	run_both "${SYSTEM_ARGS[@]}" sh -c "$INSIDE"
	assert_same_as_bubblewrap "as root"
	assertEquals "ran" 0 "$RC2"
	assertContains "the command is PID 2 under the reaper" "$OUT2" "pid 2"
	assertContains "a new /dev" "$OUT2" "/dev tmpfs rw,nosuid,nodev"
}

test_ro_root_dev_proc_unshare_all_as_nobody_matches_bubblewrap() {
	need_oracle && need_userns || return 0
	run_both nobody "${SYSTEM_ARGS[@]}" sh -c "$INSIDE"
	assert_same_as_bubblewrap "as uid 65534"
	assertEquals "ran" 0 "$RC2"
	assertContains "no capability left" "$OUT2" "CapBnd:	0000000000000000"
	assertContains "setgroups denied" "$OUT2" "setgroups deny"
}

# Operations in order on the new root: a tmpfs, directories (with
# --perms and their parents), symlinks, --chmod, a sized tmpfs made
# read-only, a file bound on a file, -try binds of what is missing.
# (The parents a bind makes are 0755 from bubblewrap 0.9 on; 0.8.0 makes
# them 0700, so this line makes /tmp/f itself.)
TREE_ARGS=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib
	--symlink usr/lib64 /lib64 --ro-bind /etc /etc --tmpfs /tmp
	--dir /tmp/x --symlink a /tmp/l --perms 0700 --dir /tmp/y/z
	--chmod 0751 /tmp/x --perms 01777 --size 100000 --tmpfs /tmp/t
	--remount-ro /tmp/t --dir /tmp/f --bind /etc/hostname /tmp/f/hostname
	--dev-bind /dev/null /tmp/null --bind-try /nsbox-test-none /tmp/n
	--ro-bind-try /nsbox-test-none /tmp/m --unshare-ipc --mqueue /mq
	--chdir /tmp --proc /proc --unshare-uts --hostname nsbox-test-host
	--setenv NSBOX_TEST_A 1 --unsetenv HOME)
TREE='ls -lAn --time-style=+ /tmp /tmp/y /tmp/f; cat /tmp/f/hostname'

test_tmpfs_dir_symlink_chdir_and_binds_match_bubblewrap_as_root() {
	need_root && need_oracle || return 0
	run_both "${TREE_ARGS[@]}" sh -c "$INSIDE; $TREE"
	assert_same_as_bubblewrap "as root"
	assertEquals "ran" 0 "$RC2"
	assertContains "the working directory" "$OUT2" "PWD=/tmp"
	assertContains "the link" "$OUT2" "l -> a"
}

test_tmpfs_dir_symlink_chdir_and_binds_match_bubblewrap_as_nobody() {
	need_oracle && need_userns || return 0
	run_both nobody "${TREE_ARGS[@]}" sh -c "$INSIDE; $TREE"
	assert_same_as_bubblewrap "as uid 65534"
	assertEquals "ran" 0 "$RC2"
	assertContains "our own ids, mapped" "$OUT2" "uid=65534"
}

test_uid_gid_and_environment_options_match_bubblewrap() {
	need_oracle && need_userns || return 0
	run_both nobody --ro-bind / / --uid 0 --gid 7 --clearenv \
		--setenv NSBOX_TEST_A 1 --setenv NSBOX_TEST_B "two words" \
		--unsetenv NSBOX_TEST_A sh -c "$INSIDE"
	assert_same_as_bubblewrap "--uid, --gid, --clearenv, --setenv"
	assertContains "uid 0 inside" "$OUT2" "uid=0"
	assertContains "the variable set" "$OUT2" "NSBOX_TEST_B=two words"
	assertNotContains "the variable unset" "$OUT2" "NSBOX_TEST_A"
	# With --dev, the ids asked for are a second user namespace's.
	run_both nobody --ro-bind / / --dev /dev --uid 5 --gid 6 \
		sh -c "$INSIDE"
	assert_same_as_bubblewrap "--uid with --dev"
}

test_unshare_net_brings_lo_up_as_bubblewrap() {
	need_root && need_oracle && need_cmd ip || return 0
	run_both --ro-bind / / --unshare-net ip -br link
	assert_same_as_bubblewrap "--unshare-net"
	assertContains "lo is up" "$OUT2" "LOOPBACK,UP"
	run_both --ro-bind / / --unshare-all --share-net readlink /proc/self/ns/net
	assert_same_as_bubblewrap "--share-net"
	assertEquals "our own network" "$(readlink /proc/self/ns/net)" "$OUT2"
}

# The network namespace is made beside the child while it builds the
# root, in its user namespace, and joined: owned by that user namespace
# (lsns ONS) as bubblewrap's is, so CAP_NET_ADMIN given inside acts on
# it; and without one (root), by ours.
test_the_network_namespace_is_owned_as_bubblewraps() {
	need_oracle && need_userns && need_cmd ip lsns || return 0
	local b ns
	for b in "$ORACLE" "$OURS"; do
		spawn_child_target "${NOBODY[@]}" "$b" --ro-bind / / \
			--unshare-all --as-pid-1 sleep 1000 || return 0
		ns=$(lsns -n -o ONS -t net -p "$TARGET" | tr -d ' ')
		assertEquals "$b: owner" "$(stat -L -c %i "/proc/$TARGET/ns/user")" \
			"$ns"
		assertFalse "$b: a new one" \
			"[ /proc/$TARGET/ns/net -ef /proc/$$/ns/net ]"
		kill -KILL "$TARGET"
		if [ "$(id -u)" = 0 ]; then
			spawn_child_target "$b" --ro-bind / / --unshare-net \
				sleep 1000 || return 0
			ns=$(lsns -n -o ONS -t net -p "$TARGET" | tr -d ' ')
			assertEquals "$b as root: owner" \
				"$(stat -L -c %i /proc/$$/ns/user)" "$ns"
			kill -KILL "$TARGET"
		fi
	done
	local set='ip link set lo mtu 1280 && ip -o link show lo | grep -o "mtu [0-9]*"'
	run_both nobody --ro-bind / / --unshare-all --uid 0 \
		--cap-add CAP_NET_ADMIN sh -c "$set"
	assert_same_as_bubblewrap "CAP_NET_ADMIN inside"
	assertEquals "it acts on it" "0 mtu 1280" "$RC2 $OUT2"
	run_both nobody --ro-bind / / --unshare-user --uid 0 \
		--cap-add CAP_NET_ADMIN sh -c "$set"
	assert_same_as_bubblewrap "not on the host's"
	assertNotEquals "the host's refuses" 0 "$RC2"
}

# Before Linux 5.12 (no mount_setattr) flags are added by a remount with
# those statfs reports and the new ones: the same mounts as bubblewrap's,
# as root and as uid 65534 (whose mounts from outside are locked).
test_flags_added_without_mount_setattr_match_bubblewrap() {
	need_oracle && need_cmd strace || return 0
	local as who args=("${SYSTEM_ARGS[@]}" --tmpfs /tmp
		--ro-bind /etc/hostname /tmp/h --dev-bind /dev/null /tmp/n
		--remount-ro /tmp)
	for who in root nobody; do
		as=()
		if [ $who = nobody ]; then
			as_nobody unshare -U true 2>/dev/null || continue
			as=("${NOBODY[@]}")
		else
			[ "$(id -u)" = 0 ] || continue
		fi
		"${as[@]}" "$ORACLE" "${args[@]}" sh -c "$INSIDE" \
			>"$TESTDIR/both.1" 2>&1
		RC1=$?
		"${as[@]}" strace -f -qq -o /dev/null \
			-e inject=mount_setattr:error=ENOSYS "$OURS" "${args[@]}" \
			sh -c "$INSIDE" >"$TESTDIR/both.2" 2>&1
		RC2=$?
		OUT1=$(cat "$TESTDIR/both.1")
		OUT2=$(cat "$TESTDIR/both.2")
		assert_same_as_bubblewrap "before 5.12, as $who"
		assertEquals "$who: ran" 0 "$RC2"
		assertContains "$who: read-only" "$OUT2" "/tmp tmpfs ro,"
	done
}

# A second bind of the root over the first hides what was mounted on it
# (bubblewrap's own test-run.sh does so): what is hidden is left as it
# is, what is on top made read-only, as bubblewrap does.
test_a_root_bound_over_mounts_matches_bubblewrap() {
	need_oracle || return 0
	local args=(--bind / / --tmpfs /tmp --ro-bind / / sh -c "$INSIDE")
	if [ "$(id -u)" = 0 ]; then
		run_both "${args[@]}"
		assert_same_as_bubblewrap "as root"
		assertEquals "ran as root" 0 "$RC2"
	fi
	if as_nobody unshare -U true 2>/dev/null; then
		run_both nobody "${args[@]}"
		assert_same_as_bubblewrap "as uid 65534"
		assertEquals "ran as uid 65534" 0 "$RC2"
	fi
}

# Making or passing the network namespace fails: one line naming what,
# status 1 as bubblewrap's failed clone, nothing left mounted here.
test_a_failed_network_namespace_is_one_line_and_leaves_nothing() {
	need_root && need_cmd strace || return 0
	local before fault err
	before=$(host_mounts)
	for fault in unshare clone3; do
		run strace -f -o /dev/null -e inject=$fault:error=ENOSPC \
			"$OURS" "${SYSTEM_ARGS[@]}" true
		assertEquals "$fault" \
			"1 bwrap: Creating new namespace failed: No space left on device" \
			"$RC $ERR"
	done
	run strace -f -o /dev/null -e inject=unshare:signal=KILL \
		"$OURS" "${SYSTEM_ARGS[@]}" true
	assertEquals "killed" \
		"1 bwrap: the process making the network namespace was killed by signal 9" \
		"$RC $ERR"
	for fault in "sendmsg:cannot pass the network namespace on" \
		"recvmsg:cannot receive the network namespace"; do
		run strace -f -o /dev/null -e inject=${fault%%:*}:error=EIO \
			"$OURS" "${SYSTEM_ARGS[@]}" true
		assertEquals "${fault%%:*}: status" 1 "$RC"
		assertTrue "${fault%%:*}: $ERR" "printf '%s\n' \"\$ERR\" | grep -Eqx \
			'bwrap: ${fault#*:}: (I/O|Input/output) error'"
	done
	run strace -f -o /dev/null -e inject=setns:error=EPERM \
		"$OURS" --ro-bind / / --unshare-net true
	assertEquals "joining" \
		"1 bwrap: cannot join the new network namespace: Operation not permitted" \
		"$RC $ERR"
	if as_nobody unshare -U true 2>/dev/null; then
		run "${NOBODY[@]}" strace -f -o /dev/null \
			-e inject=setns:error=EPERM "$OURS" "${SYSTEM_ARGS[@]}" true
		assertEquals "entering: status" 1 "$RC"
		assertTrue "entering: $ERR" "printf '%s\n' \"\$ERR\" | grep -Eqx \
			'bwrap: cannot enter the user namespace of [0-9]+: Operation not permitted'"
	fi
	assertEquals "nothing mounted here" "$before" "$(host_mounts)"
}

# With nothing for the parent to do, the child maps its own id itself:
# a map refused is said so, in one line and a hint, status 1.
test_a_refused_map_written_inside_is_said_so() {
	need_root && need_cmd strace || return 0
	run strace -f -o /dev/null -e inject=write:error=EPERM:when=2 \
		"$OURS" "${SYSTEM_ARGS[@]}" true
	assertEquals "status" 1 "$RC"
	assertEquals "first line" \
		"bwrap: cannot write the uid map of self: Operation not permitted" \
		"$(head -n 1 <<<"$ERR")"
}

test_exit_status_and_signal_match_bubblewrap() {
	need_root && need_oracle || return 0
	local args
	for args in "" "--unshare-pid"; do
		run_both --ro-bind / / $args sh -c 'exit 7'
		assertEquals "exit 7 ($args)" "7 7" "$RC1 $RC2"
		run_both --ro-bind / / $args sh -c 'kill -TERM $$'
		assertEquals "TERM ($args)" "$RC1" "$RC2"
	done
}

test_new_session_matches_bubblewrap() {
	need_root && need_oracle || return 0
	local leader='echo $(($(cut -d" " -f6 /proc/$$/stat) == $$))'
	run_both --ro-bind / / --new-session sh -c "$leader"
	assert_same_as_bubblewrap "--new-session"
	assertEquals "the command leads its session" 1 "$OUT2"
	run_both --ro-bind / / sh -c "$leader"
	assertEquals "without it, it does not" "0 0" "$OUT1 $OUT2"
}

test_die_with_parent_kills_the_command_with_bwrap() {
	need_root || return 0
	spawn_child_target "$OURS" --ro-bind / / --die-with-parent sleep 1000 ||
		return 0
	kill -KILL "$SPAWNED"
	assertTrue "the command died with bwrap" "dies_soon $TARGET"
}

# A step that fails in the child: one line naming it, status 1, and
# nothing of the half-built root left where we are.
test_a_failed_mount_or_pivot_is_one_line_and_leaves_nothing() {
	need_root && need_cmd strace || return 0
	local before fault
	before=$(host_mounts)
	for fault in pivot_root:error=EPERM mount:error=EPERM:when=3 \
		openat2:error=ELOOP; do
		run strace -f -o /dev/null -e inject="$fault" \
			"$OURS" --ro-bind / / --tmpfs /tmp true
		assertEquals "$fault: status" 1 "$RC"
		assertEquals "$fault: one line ($ERR)" 1 "$(wc -l <<<"$ERR")"
		assertContains "$fault: ours" "$ERR" "bwrap: "
	done
	run strace -f -o /dev/null -e inject=openat2:error=ENOSYS \
		"$OURS" --ro-bind / / --tmpfs /tmp true
	assertEquals "before Linux 5.6" \
		"1 bwrap: a sandbox needs openat2 (Linux 5.6)" "$RC $ERR"
	assertEquals "nothing mounted here" "$before" "$(host_mounts)"
}

# --file, --bind-data, --ro-bind-data, --bind-fd and --ro-bind-fd read
# or bind what the fds given are open on; the fds are closed after.
FD_ARGS=(--ro-bind / / --tmpfs /tmp --dir /tmp/sub --perms 0640 --file 5 /tmp/f
	--bind-data 6 /tmp/b --ro-bind-data 7 /tmp/r --bind-fd 8 /tmp/d
	--ro-bind-fd 9 /tmp/sub/d2 --unshare-pid --as-pid-1)
FDS='findmnt -rn -o TARGET,FSTYPE,OPTIONS | grep " /tmp"
ls -lAn --time-style=+ /tmp /tmp/d; cat /tmp/f /tmp/b /tmp/r
echo pid $$; ls /proc/self/fd'

# run_both with fds 5 to 9 open on a file and a directory of d (opened
# anew for each: see run_both_redirected).
run_both_with_fds() {
	local d=$1
	shift
	run_both_redirected "5<$d/data 6<$d/data 7<$d/data 8<$d/dir 9<$d/dir" \
		"$@" sh -c "$FDS"
}

test_data_and_fd_binds_match_bubblewrap() {
	need_oracle && need_userns || return 0
	local d
	d=$(scratch bwrap-fds)
	defer rm -rf "$d"
	echo nsbox-test-data >"$d/data"
	mkdir "$d/dir" && touch "$d/dir/inner"
	chmod 644 "$d/data"
	if [ "$(id -u)" = 0 ]; then
		run_both_with_fds "$d" "${FD_ARGS[@]}"
		assert_same_as_bubblewrap "as root"
		assertEquals "ran ($OUT2)" 0 "$RC2"
		assertContains "the command is PID 1" "$OUT2" "pid 1"
	fi
	run_both_with_fds "$d" nobody "${FD_ARGS[@]}"
	assert_same_as_bubblewrap "as uid 65534"
	assertContains "the data" "$OUT2" "nsbox-test-data"
}

test_an_fd_that_is_not_open_is_one_line_status_1() {
	need_root && need_oracle || return 0
	local opt
	for opt in --file --bind-data --ro-bind-data --bind-fd --ro-bind-fd; do
		run_both --ro-bind / / --tmpfs /tmp "$opt" 42 /tmp/x true 42<&-
		assert_same_as_bubblewrap "$opt 42"
		assertEquals "$opt 42: status" 1 "$RC2"
		assertEquals "$opt 42: one line" 1 "$(wc -l <<<"$OUT2")"
		run_both --ro-bind / / "$opt" nsbox-test-x /tmp/x true
		assert_same_as_bubblewrap "$opt nsbox-test-x"
	done
	run_both --ro-bind / / --as-pid-1 true
	assert_same_as_bubblewrap "--as-pid-1 without --unshare-pid"
}

# bubblewrap's JSON: --info-fd (indented) and --json-status-fd (a line,
# then the exit code), with numbers as N; and the numbers themselves
# against what the command sees.
run_both_json() {
	local as=() b i=0
	[ "$1" = nobody ] && { as=("${NOBODY[@]}"); shift; }
	for b in "$ORACLE" "$OURS"; do
		i=$((i + 1))
		"${as[@]}" "$b" --info-fd 3 --json-status-fd 4 "$@" \
			>"$TESTDIR/cmd.$i" 2>&1 3>"$TESTDIR/info.$i" \
			4>"$TESTDIR/json.$i"
		eval "RC$i=\$?"
		eval "OUT$i=\$(sed 's/[0-9][0-9]*/N/g' '$TESTDIR/info.$i' \
			'$TESTDIR/json.$i')"
	done
}

test_info_fd_and_json_status_fd_are_bubblewraps_json() {
	need_oracle && need_userns || return 0
	local who
	for who in root nobody; do
		[ $who = root ] && [ "$(id -u)" != 0 ] && continue
		run_both_json $([ $who = nobody ] && echo nobody) \
			--ro-bind / / --unshare-all \
			stat -L -c %i /proc/self/ns/mnt
		assert_same_as_bubblewrap "as $who"
		assertEquals "the mount namespace the command is in" \
			"$(cat "$TESTDIR/cmd.2")" \
			"$(sed -n 's/.*"mnt-namespace": \([0-9]*\).*/\1/p' \
				"$TESTDIR/info.2")"
	done
	run_both_json --ro-bind / / sh -c 'exit 3'
	assert_same_as_bubblewrap "exit 3"
	assertContains "the exit code" "$(cat "$TESTDIR/json.2")" \
		'{ "exit-code": 3 }'
	run_both_json --ro-bind / / nsbox-test-no-such-command
	assert_same_as_bubblewrap "a command that does not start"
}

# An absolute link in the new root points into the new root: what is
# made through it is made there, never on the host.
test_a_symlink_in_a_destination_stays_in_the_new_root() {
	need_root || return 0
	local d
	d=$(scratch bwrap-escape)
	defer rm -rf "$d"
	run "$OURS" --ro-bind /usr /usr --symlink usr/bin /bin \
		--symlink usr/lib /lib --symlink usr/lib64 /lib64 --dir "$d" \
		--symlink "$d" /escape --dir /escape/made test -d "$d/made"
	assertEquals "made in the new root ($ERR)" 0 "$RC"
	assertEquals "nothing made on the host" "" "$(ls -A "$d")"
	run "$OURS" --ro-bind /usr /usr --symlink usr/bin /bin \
		--symlink usr/lib /lib --symlink usr/lib64 /lib64 \
		--symlink / /up --symlink ../.. /tmp/up --bind "$d" /tmp/up/up/b \
		test -d /b
	assertEquals "no way up out of it ($ERR)" 0 "$RC"
}

test_symlink_that_says_the_same_is_no_error() {
	need_root || return 0
	# bubblewrap 0.11.1's behaviour (0.8.0 refuses the second one).
	run "$OURS" --ro-bind / / --tmpfs /tmp --symlink a /tmp/l \
		--symlink a /tmp/l readlink /tmp/l
	assertEquals "the same target" "0 a" "$RC $OUT"
	run "$OURS" --ro-bind / / --tmpfs /tmp --symlink a /tmp/l \
		--symlink b /tmp/l true
	assertEquals "another target" 1 "$RC"
	assertEquals "bwrap: Can't make symlink at /tmp/l: existing destination is a" \
		"$ERR"
}

test_argv0_is_the_commands_argv0() {
	need_root || return 0
	# bubblewrap 0.11.1's option (0.8.0 has none).
	run "$OURS" --ro-bind / / --argv0 nsbox-test-name sh -c \
		'head -zn 1 /proc/$$/cmdline | tr -d "\0"'
	assertEquals "argv[0]; the file found as sh" "0 nsbox-test-name" \
		"$RC $OUT"
	run ns-clone -U -r --argv0 nsbox-test-name sh -c 'echo ok'
	assertEquals "ns-clone takes it too" "0 ok" "$RC $OUT"
}

# Capabilities: root keeps its own unless told, anyone else gets none
# but those added; in a new user namespace the bounding set follows.
test_cap_add_and_cap_drop_match_bubblewrap() {
	need_oracle && need_userns || return 0
	local caps
	for caps in "--cap-drop cap_sys_admin --cap-drop CAP_NET_ADMIN" \
		"--cap-drop ALL --cap-add all" "--cap-add cap_kill" \
		"--unshare-user --cap-drop ALL --cap-add Cap_Kill --cap-add 12" \
		"--cap-add ALL --cap-drop cap_sys_admin"; do
		if [ "$(id -u)" = 0 ]; then
			run_both --ro-bind / / $caps sh -c "$INSIDE"
			assert_same_as_bubblewrap "as root: $caps"
		fi
		run_both nobody --ro-bind / / $caps sh -c "$INSIDE"
		assert_same_as_bubblewrap "as uid 65534: $caps"
	done
	run_both nobody --ro-bind / / --uid 0 --cap-add cap_net_admin \
		grep -E '^Cap(Eff|Bnd|Amb)' /proc/self/status
	assert_same_as_bubblewrap "uid 0 inside, one capability"
	assertEquals "net_admin (12), and only it" \
		"$(printf 'CapEff:\t0000000000001000\nCapBnd:\t0000000000001000\nCapAmb:\t0000000000001000')" \
		"$OUT2"
}

test_unknown_capability_is_one_line_status_1() {
	need_oracle || return 0
	local cap
	for cap in nsbox_test_bogus cap_ 64 ""; do
		run_both --ro-bind / / --cap-add "$cap" true
		assert_same_as_bubblewrap "--cap-add '$cap'"
		assertEquals "status" 1 "$RC2"
	done
	run "$OURS" --cap-drop nsbox_test_bogus true
	assertEquals "bubblewrap's words" \
		"1 bwrap: unknown cap: nsbox_test_bogus" "$RC $ERR"
	run ns-clone -U --cap-drop nsbox_test_bogus true
	assertEquals "ns-clone's status" "125 ns-clone: unknown cap: nsbox_test_bogus" \
		"$RC $ERR"
}

# A compiled seccomp program that makes one system call (uname or mkdir)
# fail with EPERM, built with the kernel's BPF macros, in D/CALL.bpf.
make_deny_program() {
	local d=$1 call=$2
	cat >"$d/deny.c" <<'C'
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	long nr = !strcmp(argv[1], "uname") ? SYS_uname : SYS_mkdir;
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	(void)argc;
	return write(1, prog, sizeof(prog)) != sizeof(prog);
}
C
	cc -o "$d/deny" "$d/deny.c" && "$d/deny" "$call" >"$d/$call.bpf"
}

test_seccomp_programs_make_their_calls_fail_as_with_bubblewrap() {
	need_oracle && need_userns && need_cmd cc || return 0
	local d
	d=$(scratch bwrap-seccomp)
	defer rm -rf "$d"
	make_deny_program "$d" uname && make_deny_program "$d" mkdir ||
		{ fail "could not build the seccomp program"; return; }
	printf 'abc' >"$d/short.bpf"
	: >"$d/empty.bpf"
	local who as u="3<$d/uname.bpf" m="4<$d/mkdir.bpf"
	for who in root nobody; do
		[ $who = root ] && [ "$(id -u)" != 0 ] && continue
		as=$([ $who = nobody ] && echo nobody)
		run_both_redirected "$u" $as --ro-bind / / --seccomp 3 uname
		assert_same_as_bubblewrap "--seccomp as $who"
		assertEquals "uname failed ($OUT2)" 1 "$RC2"
		assertContains "with EPERM" "$OUT2" "Operation not permitted"
		run_both_redirected "$u $m" $as --ro-bind / / --tmpfs /tmp \
			--unshare-pid --add-seccomp-fd 3 --add-seccomp-fd 4 \
			sh -c 'uname; echo u=$?; mkdir /tmp/d; echo m=$?'
		assert_same_as_bubblewrap "two programs as $who"
		assertContains "the first one" "$OUT2" "u=1"
		assertContains "the second one too" "$OUT2" "m=1"
		run_both_redirected "$u" $as --ro-bind / / --unshare-pid \
			--seccomp 3 sh -c \
			'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status'
		assert_same_as_bubblewrap "filtered and no_new_privs as $who"
		assertContains "filtered" "$OUT2" "Seccomp:	2"
	done
	run_both_redirected "3<$d/short.bpf" --ro-bind / / --seccomp 3 true
	assert_same_as_bubblewrap "not a multiple of 8"
	assertEquals "bwrap: Invalid seccomp data, must be multiple of 8" "$OUT2"
	run_both_redirected "3<$d/empty.bpf" --ro-bind / / --seccomp 3 true
	assertEquals "an empty program: status as bubblewrap" "$RC1" "$RC2"
	run_both_redirected "$u 4<$d/uname.bpf" --ro-bind / / --seccomp 3 \
		--add-seccomp-fd 4 true
	assert_same_as_bubblewrap "--seccomp with --add-seccomp-fd"
	assertEquals "status" 1 "$RC2"
	run_both --ro-bind / / --seccomp 42 true 42<&-
	assert_same_as_bubblewrap "an fd that is not open"
	run ns-clone -U -r --seccomp 3 uname 3<"$d/uname.bpf"
	assertEquals "ns-clone takes it too" 1 "$RC"
	assertContains "and uname fails" "$ERR" "Operation not permitted"
}

# --args: more options from an fd, NUL-separated, where --args stands.
test_args_from_an_fd_match_bubblewrap() {
	need_oracle && need_userns || return 0
	local d
	d=$(scratch bwrap-args)
	defer rm -rf "$d"
	printf -- '--ro-bind\0/\0/\0--setenv\0NSBOX_TEST_A\0two words\0--chdir\0/tmp\0' \
		>"$d/args"
	printf -- '--args\0004\0' >"$d/nested"
	run_both_redirected "3<$d/args" nobody --args 3 --unsetenv HOME \
		sh -c "$INSIDE"
	assert_same_as_bubblewrap "--args"
	assertContains "the variable" "$OUT2" "NSBOX_TEST_A=two words"
	assertContains "the directory" "$OUT2" "PWD=/tmp"
	run_both_redirected "3<$d/nested 4<$d/args" --args 3 true
	assert_same_as_bubblewrap "--args in an arguments file"
	assertEquals "bwrap: --args not supported in arguments file" "$OUT2"
	run_both --args 42 true 42<&-
	assert_same_as_bubblewrap "an fd that is not open"
}

# --userns and --pidns join what another process made (here: unshare as
# uid 65534, root in its own user namespace, PID 1 of its own PID one).
test_userns_and_pidns_join_as_bubblewrap() {
	need_oracle && need_userns && need_cmd unshare || return 0
	spawn_child_target "${NOBODY[@]}" unshare -U -r -p -f sleep 1000 ||
		return 0
	local ns="3</proc/$TARGET/ns/user 4</proc/$TARGET/ns/pid"
	run_both_redirected "$ns" nobody --userns 3 --pidns 4 --ro-bind / / \
		sh -c 'readlink /proc/self/ns/user /proc/self/ns/pid; id -u
			grep -E "^Cap(Eff|Bnd)" /proc/self/status'
	assert_same_as_bubblewrap "--userns and --pidns"
	assertEquals "joined ($OUT2)" 0 "$RC2"
	assertContains "its user namespace" "$OUT2" \
		"$(readlink "/proc/$TARGET/ns/user")"
	assertContains "its PID namespace" "$OUT2" \
		"$(readlink "/proc/$TARGET/ns/pid")"
	run_both_redirected "$ns" nobody --userns 3 --unshare-pid \
		--ro-bind / / --proc /proc sh -c 'echo $$; readlink /proc/self/ns/user'
	assert_same_as_bubblewrap "--userns with a new PID namespace"
	run_both_redirected "$ns" nobody --userns 3 --unshare-user true
	assert_same_as_bubblewrap "--userns with --unshare-user"
	assertEquals "bwrap: --userns not compatible --unshare-user" "$OUT2"
	local fd
	for fd in --userns --pidns; do
		run_both_redirected "3</etc/hostname" nobody --ro-bind / / \
			$fd 3 true
		# (bubblewrap's child adds a second line for --pidns)
		assertEquals "$fd on a file: as bubblewrap" \
			"$RC1 $(head -n 1 <<<"$OUT1")" "$RC2 $OUT2"
		assertEquals "$fd: status" 1 "$RC2"
	done
	run_both_redirected "3</etc/hostname" nobody --ro-bind / / \
		--userns2 3 true
	# (bubblewrap 0.8.0's child waits on after its parent failed here)
	end_writers_of "$TESTDIR/both.1"
	assert_same_as_bubblewrap "--userns2 on a file"
	assertEquals "bwrap: Setting userns2 failed: Invalid argument" "$OUT2"
}

test_disable_userns_as_bubblewrap() {
	need_oracle && need_userns && need_cmd unshare || return 0
	run_both nobody --ro-bind / / --unshare-user --disable-userns \
		sh -c 'cat /proc/self/uid_map; unshare -U true; echo $?'
	assert_same_as_bubblewrap "--disable-userns"
	assertEquals "no user namespace made inside ($OUT2)" 1 \
		"$(tail -n 1 <<<"$OUT2")"
	assertContains "as the kernel refuses it" "$OUT2" \
		"No space left on device"
	run_both nobody --ro-bind / / --unshare-user --disable-userns \
		--assert-userns-disabled --uid 5 --dev /dev \
		sh -c 'cat /proc/self/uid_map; id -u'
	assert_same_as_bubblewrap "with --dev and --uid"
	run_both nobody --ro-bind / / --assert-userns-disabled true
	assert_same_as_bubblewrap "--assert-userns-disabled when it is not"
	assertEquals "bwrap: creation of new user namespaces was not disabled as requested" \
		"$OUT2"
	run_both nobody --ro-bind / / --disable-userns true
	assert_same_as_bubblewrap "without --unshare-user"
}

# --lock-file: a read lock held by PID 1 for as long as the sandbox
# lives; --sync-fd: an fd PID 1 holds and the command does not;
# --block-fd: the command waits for a byte there.
test_lock_file_sync_fd_and_block_fd_as_bubblewrap() {
	need_root && need_oracle || return 0
	local d ino
	d=$(scratch bwrap-lock)
	defer rm -rf "$d"
	: >"$d/lock"
	ino=$(stat -c %i "$d/lock")
	run_both --ro-bind / / --lock-file "$d/lock" --unshare-pid \
		sh -c "grep -c ' READ .*:$ino ' /proc/locks"
	assert_same_as_bubblewrap "--lock-file"
	assertEquals "locked while it runs" 1 "$OUT2"
	assertEquals "not after" "" "$(grep " READ .*:$ino " /proc/locks)"
	run_both --ro-bind / / --lock-file /nsbox-test-missing true
	assert_same_as_bubblewrap "a missing lock file"
	run_both --ro-bind / / --unshare-pid --as-pid-1 --lock-file "$d/lock" true
	assert_same_as_bubblewrap "--lock-file with --as-pid-1"
	run_both_redirected "3>$d/sync" --ro-bind / / --sync-fd 3 \
		sh -c 'test -e /proc/self/fd/3; echo $?'
	assert_same_as_bubblewrap "--sync-fd"
	assertEquals "not the command's" 1 "$OUT2"
	run_both_redirected "0<$d/lock" --ro-bind / / --block-fd 0 \
		sh -c 'echo ran; test -e /proc/self/fd/0; echo $?'
	assert_same_as_bubblewrap "--block-fd at its end"
	assertEquals "ran, the fd closed" "ran 1" "$(echo $OUT2)"
}

# --userns-block-fd: who reads the child's pid from --info-fd writes its
# id maps, then lets it go on.
test_userns_block_fd_waits_for_maps_written_outside() {
	need_root || return 0
	local d pid
	d=$(scratch bwrap-userns-block)
	defer rm -rf "$d"
	mkfifo "$d/info" "$d/block"
	"$OURS" --unshare-user --info-fd 3 --userns-block-fd 4 --ro-bind / / \
		sh -c 'cat /proc/self/uid_map' >"$d/out" 2>&1 3>"$d/info" \
		4<>"$d/block" &
	defer "kill -KILL $!"
	pid=$(timeout 10 sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$d/info")
	assertNotNull "the child's pid" "$pid"
	echo "0 0 1" >"/proc/$pid/uid_map"
	echo "0 0 1" >"/proc/$pid/gid_map"
	echo x >"$d/block"
	wait $!
	assertEquals "ran with our map" "0 0 1" "$(echo $(cat "$d/out"))"
	need_oracle || return 0
	run_both --ro-bind / / --userns-block-fd 4 true
	assert_same_as_bubblewrap "without --unshare-user"
	run_both --ro-bind / / --unshare-user --userns-block-fd 4 true
	assert_same_as_bubblewrap "without --info-fd"
}

test_labels_without_selinux_are_refused_as_bubblewrap() {
	need_oracle || return 0
	[ -e /sys/fs/selinux/context ] && { skip_test "SELinux is on"; return 0; }
	local opt
	for opt in --exec-label --file-label; do
		run_both --ro-bind / / $opt system_u:system_r:nsbox_test_t:s0 true
		assert_same_as_bubblewrap "$opt"
		assertEquals "$opt" "1 bwrap: labeling not supported on this system" \
			"$RC2 $OUT2"
	done
}

# Overlays (bubblewrap 0.11.1's options; 0.8.0 has none): lower layers
# given bottom first, writes to a host directory, to the sandbox's own
# tmpfs, or nowhere.
test_overlays_as_bubblewrap_0_11_documents_them() {
	need_userns || return 0
	local d
	d=$(scratch bwrap-overlay)
	defer rm -rf "$d"
	mkdir "$d/l1" "$d/l2" "$d/up" "$d/work"
	echo one >"$d/l1/a"
	echo two >"$d/l2/a"
	echo b >"$d/l1/b"
	chmod 755 "$d" "$d/l1" "$d/l2"
	chown 65534 "$d/up" "$d/work"
	local low=(--overlay-src "$d/l1" --overlay-src "$d/l2")
	run as_nobody "$OURS" --ro-bind / / "${low[@]}" --tmp-overlay /mnt \
		sh -c 'cat /mnt/a /mnt/b; echo new >/mnt/c; cat /mnt/c
			findmnt -n -o FSTYPE /mnt'
	assertEquals "the top layer first, writes in the sandbox ($ERR)" \
		"one two b new overlay" "$(echo $(head -n 1 "$d/l1/a") $OUT)"
	assertEquals "nothing written to the layers" "a b" \
		"$(echo $(ls "$d/l1"))"
	run as_nobody "$OURS" --ro-bind / / "${low[@]}" --ro-overlay /mnt \
		sh -c 'cat /mnt/a; touch /mnt/x'
	assertEquals "read-only" 1 "$RC"
	assertContains "the top layer" "$OUT" "two"
	assertContains "no writes" "$ERR" "Read-only file system"
	run as_nobody "$OURS" --ro-bind / / --overlay-src "$d/l1" \
		--overlay "$d/up" "$d/work" /mnt sh -c 'echo w >/mnt/w; cat /mnt/a'
	assertEquals "writes to the host's upper directory ($ERR)" "0 one w" \
		"$RC $OUT $(cat "$d/up/w")"
	run "$OURS" --ro-bind / / --overlay-src "$d/l1" --tmpfs /tmp true
	assertEquals "a source not followed by an overlay" \
		"1 bwrap: --overlay-src must be followed by another --overlay-src or one of --overlay, --tmp-overlay, or --ro-overlay" \
		"$RC $ERR"
	run "$OURS" --ro-bind / / --overlay-src "$d/l1" --ro-overlay /mnt true
	assertEquals "one layer is not an overlay" \
		"1 bwrap: --ro-overlay requires at least two --overlay-src" \
		"$RC $ERR"
	run "$OURS" --ro-bind / / --overlay-src /nsbox-test-missing \
		--tmp-overlay /mnt true
	assertEquals "a missing layer" \
		"1 bwrap: Can't find source path /nsbox-test-missing: No such file or directory" \
		"$RC $ERR"
	run "$OURS" --ro-bind / / --overlay-src "$d/l1" --overlay-src "$d/l1" \
		--ro-overlay /mnt true
	assertEquals "overlapping layers: status" 1 "$RC"
	assertContains "overlapping layers" "$ERR" \
		"Overlay directories may not overlap"
	run ns-clone -U -r --ro-bind / / "${low[@]}" --tmp-overlay /mnt cat /mnt/a
	assertEquals "ns-clone takes them too" "0 two" "$RC $OUT"
}

# What bubblewrap 0.11.1's own tests/test-run.sh found: relative
# sources, --size's limit, --die-with-parent down the whole chain.
test_relative_sources_are_found_from_the_working_directory() {
	need_root && need_oracle || return 0
	local d
	d=$(scratch bwrap-relative)
	defer rm -rf "$d"
	mkdir "$d/sub" && echo nsbox-test-rel >"$d/sub/f"
	(cd "$d" && run_both --ro-bind / / --bind sub /mnt cat /mnt/f
		assert_same_as_bubblewrap "--bind sub /mnt"
		assertEquals "found from here" "0 nsbox-test-rel" "$RC2 $OUT2")
}

test_size_is_at_most_half_the_address_space_as_bubblewrap() {
	need_root && need_oracle || return 0
	local size
	for size in 0 123bogus "" -1 18446744073709551616 9223372036854775809 \
		4096; do
		run_both --ro-bind / / --size "$size" --tmpfs /tmp true
		assertEquals "--size '$size': status as bubblewrap" "$RC1" "$RC2"
	done
}

test_die_with_parent_ends_the_chain_when_the_parent_dies() {
	need_root || return 0
	local sh b reaper cmd
	sh -c '"$1" --ro-bind / / --die-with-parent --unshare-pid sleep 1000 &
		wait' sh "$OURS" &
	sh=$!
	defer "kill -KILL $sh"
	b=$(child_running "$sh" bwrap) &&
		reaper=$(child_running "$b" nsbox-init) &&
		cmd=$(child_running "$reaper" sleep) ||
		{ fail "the sandbox did not start"; return; }
	defer_kill_if "$cmd" sleep
	kill -KILL "$sh"
	assertTrue "bwrap died with its parent" "dies_soon $b"
	assertTrue "so did its PID 1" "dies_soon $reaper"
	assertTrue "and the command" "dies_soon $cmd"
}

test_level_prefix_gives_each_message_its_syslog_level() {
	need_root || return 0
	# bubblewrap 0.11.1's option (0.8.0 has none): <4> for a warning,
	# <3> for an error.
	run "$OURS" --level-prefix --ro-bind / / --chdir / --chdir /tmp \
		--bind /nsbox-test-missing /x true
	assertEquals "status" 1 "$RC"
	assertEquals "both lines" "<4>bwrap: Only the last --chdir option will take effect
<3>bwrap: Can't find source path /nsbox-test-missing: No such file or directory" \
		"$ERR"
	run "$OURS" --ro-bind / / --chdir / --chdir /tmp pwd
	assertEquals "without it, none" \
		"0 /tmp bwrap: Only the last --chdir option will take effect" \
		"$RC $OUT $ERR"
}

# --- bad input: one line, status 1, nothing left behind ------------------

test_missing_source_is_one_line_status_1_and_nothing_mounted() {
	need_root && need_oracle || return 0
	local before
	before=$(host_mounts)
	run_both --bind /nsbox-test-missing /x true
	assert_same_as_bubblewrap "a missing source"
	assertEquals "status" 1 "$RC2"
	assertEquals "bwrap: Can't find source path /nsbox-test-missing: No such file or directory" \
		"$OUT2"
	assertEquals "nothing mounted here" "$before" "$(host_mounts)"
}

test_missing_source_as_nobody_is_the_same() {
	need_oracle && need_userns || return 0
	run_both nobody --ro-bind / / --bind /nsbox-test-missing /x true
	assert_same_as_bubblewrap "a missing source as uid 65534"
}

test_destination_under_a_symlink_loop_fails_clearly() {
	need_root && need_oracle || return 0
	local before
	before=$(host_mounts)
	run_both --ro-bind / / --tmpfs /tmp --symlink b /tmp/c \
		--symlink c /tmp/b --tmpfs /tmp/b/x true
	assertEquals "status as bubblewrap" "$RC1" "$RC2"
	assertEquals "status" 1 "$RC2"
	assertEquals "one line" 1 "$(wc -l <<<"$OUT2")"
	assertContains "names the path" "$OUT2" "/tmp/b/x"
	# glibc: Too many levels of symbolic links; musl: Symbolic link loop
	assertContains "says why" "$OUT2" "ymbolic link"
	assertEquals "nothing mounted here" "$before" "$(host_mounts)"
}

test_uid_without_a_user_namespace_is_refused_as_bubblewrap() {
	need_root && need_oracle || return 0
	run_both --uid 5 --ro-bind / / true
	assert_same_as_bubblewrap "--uid as root"
	assertEquals "bwrap: Specifying --uid requires --unshare-user or --userns" \
		"$OUT2"
	run_both --hostname nsbox-test-h --ro-bind / / true
	assert_same_as_bubblewrap "--hostname without --unshare-uts"
}

test_unknown_option_and_missing_arguments_are_refused_as_bubblewrap() {
	need_oracle || return 0
	run_both --nsbox-test-bogus true
	assert_same_as_bubblewrap "an unknown option"
	assertEquals "bwrap: Unknown option --nsbox-test-bogus" "$OUT2"
	run_both -h
	assert_same_as_bubblewrap "no short options"
	run_both --ro-bind / / --bind /tmp
	assert_same_as_bubblewrap "one word short"
	run_both --tmpfs
	assert_same_as_bubblewrap "no word at all"
	run_both --ro-bind / / --chmod 999 /tmp true
	assert_same_as_bubblewrap "not octal"
}

test_command_not_found_is_bubblewraps_execvp_message() {
	need_root && need_oracle || return 0
	run_both --ro-bind / / nsbox-test-no-such-command
	assert_same_as_bubblewrap "no such command"
	assertEquals "1 bwrap: execvp nsbox-test-no-such-command: No such file or directory" \
		"$RC2 $OUT2"
}

test_help_is_bubblewraps_usage_on_stdout() {
	need_oracle || return 0
	run "$OURS" --help
	assertEquals "status" 0 "$RC"
	assertEquals "nothing on stderr" "" "$ERR"
	assertEquals "the usage line, as bubblewrap's: argv[0] as given" \
		"$("$ORACLE" --help | head -n 1 | sed "s|$ORACLE|$OURS|")" \
		"$(head -n 1 <<<"$OUT")"
	# Every option the help names is one the parser takes.
	local opt
	for opt in $(grep -oE '^ +--[a-z0-9-]+' <<<"$OUT"); do
		run "$OURS" "$opt"
		assertNotContains "$opt is known" "$ERR" "Unknown option"
	done
	# No command: the usage line on stderr, status 1.
	run "$OURS" --ro-bind / /
	assertEquals "no command" "1 usage: $OURS [OPTIONS...] [--] COMMAND [ARGS...]" \
		"$RC $(head -n 1 <<<"$ERR")"
	assertEquals "status as bubblewrap's" 1 "$(status_of "$ORACLE" --ro-bind / /)"
}

# --- the same options under ns-clone's own name -------------------------

test_ns_clone_takes_the_sandbox_options_with_its_own_status() {
	need_root || return 0
	run ns-clone -U -r --ro-bind / / --tmpfs /tmp --dir /tmp/nsbox-test-d \
		--chdir /tmp ls
	assertEquals "built and entered" "0 nsbox-test-d" "$RC $OUT"
	run ns-clone --bind /nsbox-test-missing /x true
	assertEquals "its own failure status" 125 "$RC"
	assertEquals "ns-clone: Can't find source path /nsbox-test-missing: No such file or directory" \
		"$ERR"
	run ns-clone --uid 5 true
	assertEquals "--uid needs -U" \
		"125 ns-clone: --uid and --gid need a new user namespace (-U)" \
		"$RC $ERR"
	run ns-clone --rootfs / --tmpfs /tmp true
	assertEquals "one new root" \
		"125 ns-clone: --rootfs and the sandbox's new root exclude each other" \
		"$RC $ERR"
}

test_ns_clone_without_sandbox_options_keeps_the_old_root() {
	need_root || return 0
	run ns-clone -m --chdir /tmp pwd
	assertEquals "--chdir alone is the working directory" "0 /tmp" \
		"$RC $OUT"
	run ns-clone -m stat -c %i /
	assertEquals "the same root" "$(stat -c %i /)" "$OUT"
}

run_suite
