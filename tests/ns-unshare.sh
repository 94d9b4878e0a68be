#!/bin/bash
# tests/ns-unshare.sh - ns-unshare, shown through the kernel (/proc/PID/ns
# inodes, mountinfo, id maps) with util-linux unshare/nsenter as oracles.
. "$(dirname "$0")/lib.sh"

NS_TYPES="cgroup ipc mnt net pid time user uts"

# assert_new_only "TYPES" CMD...: what CMD runs is in new namespaces of
# exactly TYPES; every other type is still ours.
assert_new_only() {
	local want=" $1 " t i=0 ours theirs
	shift
	mapfile -t ours < <(ns_inodes)
	mapfile -t theirs < <(ns_inodes "$@" 2>/dev/null)
	assertEquals "$*: an inode for every type" "${#ours[@]}" "${#theirs[@]}"
	for t in $NS_TYPES; do
		if [[ $want == *" $t "* ]]; then
			assertNotEquals "$*: new $t" "${ours[i]}" "${theirs[i]}"
		else
			assertEquals "$*: same $t" "${ours[i]}" "${theirs[i]}"
		fi
		i=$((i + 1))
	done
}

# The mounts a failed ns-unshare could leave behind in our mount table:
# those under TESTDIR (every FILE a test names is there), on /proc and on
# /. Other mounts may come and go meanwhile (test files run side by side).
mountinfo_snapshot() {
	awk -v t="$TESTDIR" '$5 == "/" || $5 == "/proc" ||
		substr($5, 1, length(t)) == t' /proc/self/mountinfo
}

# Is any process in the TYPE namespace with inode INODE?
ns_has_process() {
	stat -L -c %i /proc/[0-9]*/ns/"$1" 2>/dev/null | grep -qx "$2"
}

nsenter_opt() {
	case $1 in
	mnt) echo --mount ;;
	user) echo --preserve-credentials --user ;;
	*) echo "--$1" ;;
	esac
}

# assert_pin TYPE FILE [enter]: FILE is an nsfs bind mount of a new TYPE
# namespace nobody is in; with "enter", util-linux nsenter enters it.
assert_pin() {
	local t=$1 f=$2 ino
	assertTrue "$f is an nsfs mount" "nsfs_mounted '$f'"
	ino=$(stat -L -c %i "$f" 2>/dev/null)
	assertNotEquals "$f: a new $t namespace" "$(ns_inode $$ "$t")" "$ino"
	assertFalse "$f: no process in $t:[$ino]" "ns_has_process $t '$ino'"
	[ "$3" = enter ] || return 0
	# shellcheck disable=SC2046
	run nsenter $(nsenter_opt "$t")="$f" readlink "/proc/self/ns/$t"
	assertEquals "nsenter into $f: $ERR" "$t:[$ino]" "$OUT"
}

# assert_pin_removable FILE: umount FILE && rm FILE leave nothing.
assert_pin_removable() {
	assertTrue "umount $1" "umount '$1'"
	assertTrue "rm $1" "rm '$1'"
	assertFalse "$1 unmounted" "nsfs_mounted '$1'"
	assertFalse "$1 removed" "[ -e '$1' ]"
}

# pin_test TYPE [OPTION]...: ns-unshare OPTION... --TYPE=FILE true leaves a
# pin on FILE (new, or existing when PIN_EXISTING is set).
pin_test() {
	local t=$1 d f
	shift
	d=$(scratch "pin-$t")
	f=$d/$t
	[ -n "$PIN_EXISTING" ] && : >"$f"
	defer "umount -l '$f'; rm -f '$f'"
	run ns-unshare "$@" "$(nsenter_opt "$t" | sed 's/.* //')=$f" true
	assertEquals "status: $ERR" 0 "$RC"
	assert_pin "$t" "$f" "${PIN_ENTER-enter}"
	assert_pin_removable "$f"
}

# assert_refused WHAT CMD...: status 125, one error line (a hint line may
# follow) that names WHAT, and no mount left behind.
assert_refused() {
	local what=$1 before
	shift
	before=$(mountinfo_snapshot)
	run "$@"
	assertEquals "$*: status" 125 "$RC"
	assertContains "$*: error names $what" "$ERR" "$what"
	assertEquals "$*: one error line: $ERR" 1 \
		"$(printf '%s\n' "$ERR" | grep -vc '^ns-unshare: hint: ')"
	assertEquals "$*: error prefix" "ns-unshare: " "${ERR:0:12}"
	assertEquals "$*: mounts unchanged" "$before" "$(mountinfo_snapshot)"
}

# add_subids NAME START COUNT: a line in /etc/subuid and /etc/subgid,
# both restored byte for byte when the test ends.
add_subids() {
	local f
	for f in /etc/subuid /etc/subgid; do
		if [ -e "$f" ]; then
			cp -p "$f" "$TESTDIR/nsbox-test-${f##*/}"
			defer "cp -p '$TESTDIR/nsbox-test-${f##*/}' '$f'; rm -f '$TESTDIR/nsbox-test-${f##*/}'"
		else
			defer "rm -f '$f'"
		fi
		echo "$1:$2:$3" >>"$f"
	done
}

# assert_maps MAP CMD...: CMD runs and its uid and gid maps are both MAP
# (one line, padding squeezed out); OUT holds them.
assert_maps() {
	local want=$1
	shift
	run "$@" cat /proc/self/uid_map /proc/self/gid_map
	assertEquals "$*: $ERR" 0 "$RC"
	assertEquals "$*: the maps" "$want
$want" "$(map_of <"$TESTDIR/out")"
}

# --- 1. each namespace type, alone and all together

test_mount_option_makes_only_a_new_mount_ns() {
	need_root || return 0
	assert_new_only mnt ns-unshare -m
}

# As util-linux unshare: the short namespace options are flags, so they
# cluster; FILE only attaches to the long form.
test_refused_net_name_leaves_no_run_dir() {
	local d
	d=$(scratch rundir)
	NETNS_RUN_DIR=$d/run run ns-unshare --net=nsbox-test-lab --init true
	assertEquals "refused ($ERR)" 125 "$RC"
	assertFalse "no run dir made" "[ -e '$d/run' ]"
	# Refused after the pins are made: they and the directory go.
	mkdir "$d/run-parent"
	NETNS_RUN_DIR=$d/run-parent/run run ns-unshare \
		--net=nsbox-test-lab --user=/proc/nsbox-test-no true
	assertEquals "refused ($ERR)" 125 "$RC"
	assertFalse "the run dir goes with the pin" "[ -e '$d/run-parent/run' ]"
}

test_short_options_cluster_as_util_linux() {
	need_cmd unshare || return 0
	local d
	d=$(scratch cluster)
	run sh -c "cd '$d' && ns-unshare -Ur cat /proc/self/uid_map /proc/self/setgroups"
	assertEquals "-Ur ($ERR)" 0 "$RC"
	assertEquals "-Ur is -U -r, as unshare -Ur" \
		"$(unshare -Ur cat /proc/self/uid_map /proc/self/setgroups)" "$OUT"
	assertFalse "no pin file ./r" "[ -e '$d/r' ]"
	assertNotEquals "-pf is -p -f: the command is PID 1 of a new one" \
		"$(ns_inode $$ pid)" "$(ns-unshare -pf stat -L -c %i /proc/self/ns/pid)"
	assertEquals "-pf: PID 1" 1 "$(ns-unshare -pf sh -c 'echo $$')"
	run ns-unshare -n"$d/net" true
	assertEquals "-nFILE is -n -F...: an unknown option" 125 "$RC"
	assertFalse "nothing pinned" "[ -e '$d/net' ]"
}

test_uts_option_makes_only_a_new_uts_ns() {
	need_root || return 0
	assert_new_only uts ns-unshare -u
}

test_ipc_option_makes_only_a_new_ipc_ns() {
	need_root || return 0
	assert_new_only ipc ns-unshare -i
}

test_net_option_makes_only_a_new_net_ns() {
	need_root || return 0
	assert_new_only net ns-unshare -n
}

test_pid_with_fork_puts_command_in_a_new_pid_ns() {
	need_root || return 0
	assert_new_only pid ns-unshare -p -f
}

test_pid_without_fork_leaves_command_out_but_its_first_child_is_pid_1() {
	need_root || return 0
	assert_new_only "" ns-unshare -p
	run ns-unshare -p sh -c 'sh -c "echo \$\$; readlink /proc/self/ns/pid"'
	assertEquals "first child is PID 1" 1 "$(sed -n 1p "$TESTDIR/out")"
	assertNotEquals "in a new pid ns" "pid:[$(ns_inode $$ pid)]" \
		"$(sed -n 2p "$TESTDIR/out")"
	assertContains "in a new pid ns" "$(sed -n 2p "$TESTDIR/out")" "pid:["
}

test_user_option_makes_only_a_new_user_ns() {
	assert_new_only user ns-unshare -U
}

test_user_option_as_nobody_makes_a_new_user_ns() {
	need_root || return 0
	need_userns || return 0
	assert_new_only user as_nobody ns-unshare -U
}

test_cgroup_option_makes_only_a_new_cgroup_ns() {
	need_root || return 0
	assert_new_only cgroup ns-unshare -C
}

test_time_option_exec_moves_command_into_the_new_time_ns() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	assert_new_only time ns-unshare -T
}

test_time_option_with_fork_puts_command_in_the_new_time_ns() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	assert_new_only time ns-unshare -T -f
}

test_all_with_fork_makes_every_type_new() {
	need_root || return 0
	assert_new_only "$NS_TYPES" ns-unshare -a -f
}

# --- 2. PID 1, --mount-proc and --init

test_fork_pid_mount_proc_command_is_pid_1() {
	need_root || return 0
	run ns-unshare -fp --mount-proc sh -c \
		'echo $$; read -r pid rest </proc/self/stat; echo $pid; echo /proc/[0-9]*'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "PID 1, and the only one in the new /proc" "1
1
/proc/1" "$OUT"
	run ns-unshare -fp --mount-proc cut -d' ' -f1 /proc/self/stat
	assertEquals "the command itself" 1 "$OUT"
}

test_init_makes_command_pid_2_under_the_reaper() {
	need_root || return 0
	run ns-unshare -fp --init --mount-proc sh -c \
		'echo $$; cut -d" " -f4 /proc/$$/stat; cat /proc/1/comm'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "PID 2, child of PID 1 nsbox-init" "2
1
nsbox-init" "$OUT"
}

test_init_reaps_orphans_of_the_command() {
	need_root || return 0
	# The grandchild sleep is orphaned at once, adopted by PID 1 and must
	# be reaped when it exits: no zombie left.
	run ns-unshare -fp --init --mount-proc sh -c '
		p=$(sh -c "sleep 0.3 >/dev/null 2>&1 & echo \$!")
		echo "adopted by $(cut -d" " -f4 /proc/$p/stat)"
		i=0
		while [ -e /proc/$p ] && [ $i -lt 100 ]; do
			sleep 0.05; i=$((i + 1))
		done
		[ -e /proc/$p ] && echo "left: $(cut -d" " -f3 /proc/$p/stat)"
		for s in /proc/[0-9]*/stat; do
			read -r pid comm state rest <$s
			[ "$state" = Z ] && echo "zombie $pid $comm"
		done
		true'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "adopted by 1" "$OUT"
}

test_mount_proc_leaves_the_host_proc_untouched() {
	need_root || return 0
	local before
	before=$(mountinfo_snapshot)
	run ns-unshare -fp --mount-proc grep -c ' /proc ' /proc/self/mountinfo
	assertEquals "$ERR" 0 "$RC"
	assertEquals "mountinfo unchanged" "$before" "$(mountinfo_snapshot)"
	assertTrue "our /proc still shows us" "[ -e /proc/$$/stat ]"
	assertEquals "host /proc is proc" proc "$(fstype_at /proc)"
}

# --- 3. user namespaces and id maps

test_map_root_user_is_uid_0_with_setgroups_denied() {
	run ns-unshare -r sh -c 'id -u; cat /proc/self/setgroups'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0
deny" "$OUT"
	assertEquals "uid_map" "0 $(id -u) 1" \
		"$(ns-unshare -r cat /proc/self/uid_map | map_of)"
	assertEquals "gid_map" "0 $(id -g) 1" \
		"$(ns-unshare -r cat /proc/self/gid_map | map_of)"
}

test_map_root_user_as_nobody() {
	need_root || return 0
	need_userns || return 0
	run as_nobody ns-unshare -r sh -c \
		'id -u; cat /proc/self/setgroups /proc/self/uid_map /proc/self/gid_map'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0
deny
0 65534 1
0 65534 1" "$(map_of <"$TESTDIR/out")"
}

test_map_current_user_as_nobody_keeps_the_uid() {
	need_root || return 0
	need_userns || return 0
	run as_nobody ns-unshare -c sh -c 'id -u; cat /proc/self/uid_map'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "65534
65534 65534 1" "$(map_of <"$TESTDIR/out")"
}

test_map_users_range_as_root() {
	need_root || return 0
	assert_maps "0 100000 65536" \
		ns-unshare --map-users=0:100000:65536 --map-groups=0:100000:65536
}

test_map_users_old_comma_form_as_util_linux_2_38() {
	need_root || return 0
	# util-linux 2.38 goes through newuidmap even as root.
	add_subids root 100000 65536
	run ns-unshare --map-users=100000,0,65536 cat /proc/self/uid_map
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0 100000 65536" "$(map_of <"$TESTDIR/out")"
	assertEquals "util-linux" "$(map_of <"$TESTDIR/out")" \
		"$(unshare --map-users=100000,0,65536 cat /proc/self/uid_map | map_of)"
}

test_map_users_through_newuidmap_as_nobody() {
	need_root || return 0
	need_cmd newuidmap newgidmap || return 0
	need_userns || return 0
	add_subids nobody 300000 65536
	run as_nobody ns-unshare --map-users=0:300000:65536 \
		--map-groups=0:300000:65536 cat /proc/self/uid_map /proc/self/gid_map
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0 300000 65536
0 300000 65536" "$(map_of <"$TESTDIR/out")"
	assertEquals "util-linux" "$(map_of <"$TESTDIR/out")" \
		"$(as_nobody unshare --map-users=300000,0,65536 \
			--map-groups=300000,0,65536 \
			cat /proc/self/uid_map /proc/self/gid_map | map_of)"
	run as_nobody ns-unshare --map-auto cat /proc/self/uid_map
	assertEquals "--map-auto: $ERR" "0 300000 65536" "$(map_of <"$TESTDIR/out")"
}

# --- 4. persistent namespaces (pins)

test_net_pin_on_a_new_file() {
	need_root || return 0
	pin_test net
}

test_net_pin_on_an_existing_file() {
	need_root || return 0
	PIN_EXISTING=1 pin_test net
}

test_uts_pin() {
	need_root || return 0
	pin_test uts
}

test_ipc_pin() {
	need_root || return 0
	pin_test ipc
}

test_cgroup_pin() {
	need_root || return 0
	pin_test cgroup
}

test_user_pin() {
	need_root || return 0
	pin_test user
}

test_mnt_pin_on_a_private_mount() {
	need_root || return 0
	mount_scratch pin-mnt-dir private || fail "bind mount"
	local f=$MNT_DIR/mnt
	defer "umount -l '$f'; rm -f '$f'"
	run ns-unshare --mount="$f" true
	assertEquals "$ERR" 0 "$RC"
	assert_pin mnt "$f" enter
	assert_pin_removable "$f"
}

test_pid_pin_with_fork() {
	need_root || return 0
	# PID 1 is gone, so the namespace cannot be entered any more.
	PIN_ENTER=no pin_test pid -f
}

test_pid_pin_is_the_pid_namespace_of_the_forked_command() {
	need_root || return 0
	local d f
	d=$(scratch pin-pid-live)
	f=$d/pid
	defer "umount -l '$f'; rm -f '$f'"
	spawn ns-unshare -f --pid="$f" sh -c \
		"readlink /proc/self/ns/pid >$d/inside; while [ ! -e $d/stop ]; do sleep 0.05; done"
	wait_for_file "$d/inside" || fail "the command did not start"
	assertEquals "pin = the command's pid ns" "pid:[$(stat -L -c %i "$f")]" \
		"$(cat "$d/inside")"
	run nsenter --pid="$f" sh -c 'readlink /proc/self/ns/pid; echo $$'
	assertEquals "nsenter: $ERR" "$(cat "$d/inside")" "$(sed -n 1p "$TESTDIR/out")"
	assertNotEquals "a new PID in there, not 1" 1 "$(sed -n 2p "$TESTDIR/out")"
	touch "$d/stop"
	wait "$SPAWNED"
	assertEquals "status" 0 $?
	assert_pin pid "$f"
	assert_pin_removable "$f"
}

test_time_pin_with_fork() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	pin_test time -f
}

test_time_pin_without_fork() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	# exec moves us into time_for_children: it can be pinned before.
	pin_test time
}

# --- 5. mount propagation

test_mount_inside_is_invisible_outside_by_default() {
	need_root || return 0
	mount_scratch prop-default shared || fail "bind mount"
	local d=$MNT_DIR
	run ns-unshare -m sh -c "mount -t tmpfs nsbox-test '$d/sub' &&
		grep -c ' $d/sub ' /proc/self/mountinfo"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "mounted inside" 1 "$OUT"
	assertEquals "invisible outside" "" "$(fstype_at "$d/sub")"
}

test_propagation_shared_makes_inside_mount_visible_outside() {
	need_root || return 0
	mount_scratch prop-shared shared || fail "bind mount"
	local d=$MNT_DIR
	run ns-unshare -m --propagation shared mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "visible outside" tmpfs "$(fstype_at "$d/sub")"
	umount "$d/sub"
	run unshare -m --propagation shared mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "util-linux too" tmpfs "$(fstype_at "$d/sub")"
}

test_propagation_unchanged_keeps_the_shared_mount_shared() {
	need_root || return 0
	mount_scratch prop-unchanged shared || fail "bind mount"
	local d=$MNT_DIR
	run ns-unshare -m --propagation unchanged mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "visible outside" tmpfs "$(fstype_at "$d/sub")"
}

test_propagation_slave_keeps_inside_mount_inside() {
	need_root || return 0
	mount_scratch prop-slave shared || fail "bind mount"
	local d=$MNT_DIR
	run ns-unshare -m --propagation slave mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "invisible outside" "" "$(fstype_at "$d/sub")"
}

# --- 6. time offsets

test_boottime_offset_moves_uptime_on() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	local out in opts
	for opts in "-T" "-T -f"; do
		out=$(cut -d' ' -f1 /proc/uptime)
		# shellcheck disable=SC2086
		in=$(ns-unshare $opts --boottime 1000 cut -d' ' -f1 /proc/uptime)
		assertTrue "$opts: uptime $out outside, $in inside" \
			"awk -v a='$out' -v b='$in' 'BEGIN { d = b - a; exit !(b != \"\" && d > 995 && d < 1005) }'"
	done
}

test_monotonic_offset_moves_the_monotonic_clock_on() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	need_cmd perl || return 0
	local clock='use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC); print clock_gettime(CLOCK_MONOTONIC)'
	local out in
	out=$(perl -e "$clock")
	in=$(ns-unshare -T --monotonic 1000 perl -e "$clock")
	assertTrue "monotonic $out outside, $in inside" \
		"awk -v a='$out' -v b='$in' 'BEGIN { d = b - a; exit !(b != \"\" && d > 995 && d < 1005) }'"
	assertEquals "offsets as util-linux sets them" \
		"$(unshare -T --monotonic 1000 cat /proc/self/timens_offsets)" \
		"$(ns-unshare -T --monotonic 1000 cat /proc/self/timens_offsets)"
}

# --- 7. exit statuses and signals

test_status_is_the_commands_own() {
	local opts
	for opts in "-U" "-U -f"; do
		# shellcheck disable=SC2086
		assertEquals "$opts true" 0 "$(status_of ns-unshare $opts true)"
		# shellcheck disable=SC2086
		assertEquals "$opts exit 7" 7 \
			"$(status_of ns-unshare $opts sh -c 'exit 7')"
	done
}

test_own_failure_is_125() {
	local opts
	for opts in "-U" "-U -f"; do
		# shellcheck disable=SC2086
		run ns-unshare $opts -w "$TESTDIR/nsbox-test-missing" true
		assertEquals "$opts" 125 "$RC"
		assertContains "$opts: names the dir" "$ERR" "nsbox-test-missing"
	done
}

test_command_not_executable_is_126() {
	local d opts
	d=$(scratch noexec)
	printf '#!/bin/sh\necho ran\n' >"$d/script"
	chmod 644 "$d/script"
	for opts in "-U" "-U -f"; do
		# shellcheck disable=SC2086
		run ns-unshare $opts "$d/script"
		assertEquals "$opts" 126 "$RC"
		assertEquals "$opts: did not run" "" "$OUT"
		assertContains "$opts: names it" "$ERR" "$d/script"
	done
	assertEquals "util-linux" 126 "$(status_of unshare -U "$d/script")"
}

test_command_not_found_is_127() {
	local opts
	for opts in "-U" "-U -f"; do
		# shellcheck disable=SC2086
		run ns-unshare $opts nsbox-test-no-such-command
		assertEquals "$opts" 127 "$RC"
		assertContains "$opts: names it" "$ERR" nsbox-test-no-such-command
	done
}

test_forked_command_killed_by_term_gives_143() {
	assertEquals 143 "$(status_of ns-unshare -U -f sh -c 'kill -TERM $$')"
	assertEquals "util-linux" 143 \
		"$(status_of unshare -U -f sh -c 'kill -TERM $$')"
}

test_pid_1_command_ignores_term_as_with_util_linux() {
	need_root || return 0
	assertEquals 0 "$(status_of ns-unshare -fp sh -c 'kill -TERM $$')"
	assertEquals "util-linux" 0 "$(status_of unshare -fp sh -c 'kill -TERM $$')"
}

test_init_lets_the_command_die_of_term() {
	need_root || return 0
	assertEquals 143 "$(status_of ns-unshare -fp --init sh -c 'kill -TERM $$')"
}

test_term_to_ns_unshare_is_forwarded_to_the_command() {
	local d opts
	d=$(scratch forward)
	for opts in "-U -f" "-U --forward-signals" "-fp" "-fp --init"; do
		[ "${opts#-U }" = "$opts" ] && ! [ "$(id -u)" = 0 ] && continue
		rm -f "$d/ready" "$d/marker"
		# shellcheck disable=SC2086
		spawn ns-unshare $opts sh -c "trap 'echo term >$d/marker; exit 3' TERM
			echo ready >$d/ready
			while :; do sleep 0.05; done"
		wait_for_file "$d/ready" || fail "$opts: the command did not start"
		kill -TERM "$SPAWNED"
		wait "$SPAWNED"
		assertEquals "$opts: the command's status" 3 $?
		assertEquals "$opts: the command got TERM" term "$(cat "$d/marker" 2>/dev/null)"
	done
}

test_no_forward_signals_holds_term_back() {
	local d pending rc
	d=$(scratch no-forward)
	spawn ns-unshare -U -f --no-forward-signals sh -c \
		"trap 'echo term >$d/marker' TERM
		echo ready >$d/ready
		while [ ! -e $d/go ]; do sleep 0.05; done
		exit 4"
	wait_for_file "$d/ready" || fail "the command did not start"
	kill -TERM "$SPAWNED"
	pending=$(awk '/^ShdPnd:/ { print $2 }' "/proc/$SPAWNED/status")
	assertTrue "TERM held pending in ns-unshare (ShdPnd $pending)" \
		"(( 0x${pending:-0} & 0x4000 ))"
	touch "$d/go"
	wait "$SPAWNED"
	rc=$?
	assertEquals "the command finished normally" 4 "$rc"
	assertFalse "the command never got TERM" "[ -e '$d/marker' ]"
}

# --- 8. no fd leaks into the command

test_command_inherits_no_fd_of_ours() {
	need_root || return 0
	local d base opts
	d=$(scratch fds)
	defer "for f in '$d'/*; do umount -l \"\$f\"; done; rm -f '$d'/*"
	base=$(sh -c 'ls /proc/$$/fd' | tr '\n' ' ')
	for opts in "-u" "-f -u" "-f --net=$d/net1" "-m -f --net=$d/net2" \
	    "--net=$d/net3" "-U --user=$d/user4" \
	    "--map-users=0:100000:65536" "--kill-child" \
	    "-fp --mount-proc" "-fp --init --mount-proc"; do
		# shellcheck disable=SC2086
		assertEquals "$opts" "$base" \
			"$(ns-unshare $opts sh -c 'ls /proc/$$/fd' | tr '\n' ' ')"
	done
}

# --- 9. bad input: 125, one clear line, nothing left behind

test_unknown_option_shows_error_usage_and_try() {
	run ns-unshare --nsbox-test-bogus true
	assert_usage_error ns-unshare 125 \
		"ns-unshare: unrecognized option '--nsbox-test-bogus'"
	assertEquals "three lines" 3 "$(wc -l <"$TESTDIR/err")"
}

test_bad_values_are_refused_with_125() {
	assert_refused nsbox-test-no-such-user \
		ns-unshare --map-user=nsbox-test-no-such-user true
	assert_refused nsbox-test-no-such-group \
		ns-unshare --map-group=nsbox-test-no-such-group true
	assert_refused bogus ns-unshare --propagation=bogus true
	assertNotEquals "util-linux fails too" 0 \
		"$(status_of unshare --propagation=bogus true)"
	assert_refused -T ns-unshare --monotonic 5 true
	assert_refused abc ns-unshare -S abc true
	assert_refused xyz ns-unshare -G xyz true
	assert_refused NOSIG ns-unshare --kill-child=NOSIG true
	assert_refused maybe ns-unshare --setgroups=maybe true
	assert_refused setgroups ns-unshare -r --setgroups=allow true
	assert_refused 1:2 ns-unshare --map-users=1:2 true
}

test_unprivileged_without_user_ns_is_refused_with_a_hint() {
	need_root || return 0
	assert_refused "unshare(net)" as_nobody ns-unshare -n true
	assertContains "the hint" "$ERR" "ns-unshare: hint: run as root or add -U/-r"
}

test_pin_in_a_missing_dir_is_refused() {
	need_root || return 0
	local f=/nsbox-test-no-such-dir/net
	assert_refused "$f" ns-unshare --net="$f" true
	assertFalse "no $f" "[ -e '$f' ]"
}

# --TYPE=FILE on a symlink would mount over whatever the link names,
# chosen by the owner of its directory: refused, the target untouched.
test_pin_on_a_symlink_is_refused_and_not_followed() {
	need_root || return 0
	local d
	d=$(scratch pin-link)
	echo nsbox-test-victim >"$d/victim"
	ln -s victim "$d/uts"
	defer "umount -l '$d/victim' 2>/dev/null"
	assert_refused "$d/uts" ns-unshare --uts="$d/uts" true
	assertContains "says why" "$ERR" "symbolic link"
	assertFalse "the victim is not mounted over" "nsfs_mounted '$d/victim'"
	assertEquals "the victim as it was" nsbox-test-victim "$(cat "$d/victim")"
	# What a killed run left (an empty file, no write bits) is used.
	install -m 444 /dev/null "$d/ipc"
	defer "umount -l '$d/ipc' 2>/dev/null"
	run ns-unshare --ipc="$d/ipc" true
	assertEquals "debris used: $ERR" 0 "$RC"
	assertTrue "pinned there" "nsfs_mounted '$d/ipc'"
}

test_pid_pin_without_fork_is_refused() {
	need_root || return 0
	local d f
	d=$(scratch pid-nofork)
	f=$d/pid
	defer "umount -l '$f'; rm -f '$f'"
	assert_refused "$f" ns-unshare --pid="$f" true
	assertContains "says how" "$ERR" "--fork"
	assertFalse "no $f" "[ -e '$f' ]"
}

test_mnt_pin_on_a_shared_mount_is_refused_with_the_fix() {
	need_root || return 0
	mount_scratch pin-mnt-shared shared || fail "bind mount"
	local f=$MNT_DIR/mnt
	defer "umount -l '$f'; rm -f '$f'"
	assert_refused "$f" ns-unshare --mount="$f" true
	assertContains "why" "$ERR" shared
	assertContains "the fix" "$ERR" make-private
	assertFalse "no $f" "[ -e '$f' ]"
	: >"$f"
	assert_refused "$f" ns-unshare --mount="$f" true
	assertTrue "an existing $f stays a plain file" "[ -f '$f' ] && ! nsfs_mounted '$f'"
}

test_failure_after_pins_leaves_no_pin() {
	need_root || return 0
	local d before opts i=0
	mount_scratch pin-undo private || fail "bind mount"
	d=$MNT_DIR
	defer "for f in '$d'/ns*; do umount -l \"\$f\"; done; rm -f '$d'/ns*"
	before=$(mountinfo_snapshot)
	for opts in "--net=F" "-f --net=F" "-U --user=F" "-U -f --user=F" \
	    "-f --pid=F" "-m --uts=F" "--mount=F" "-f --mount=F" \
	    "-f --time=F"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		run ns-unshare ${opts//F/$d/ns$i} -w "$d/nsbox-test-missing" true
		assertEquals "$opts -w missing" 125 "$RC"
		assertFalse "$opts -w missing: no file" "[ -e '$d/ns$i' ]"
		i=$((i + 1))
		# shellcheck disable=SC2086
		run ns-unshare ${opts//F/$d/ns$i} nsbox-test-no-such-command
		assertEquals "$opts not found" 127 "$RC"
		assertFalse "$opts not found: no file" "[ -e '$d/ns$i' ]"
	done
	assertEquals "mounts unchanged" "$before" "$(mountinfo_snapshot)"
}

# --- 10. util-linux unshare as the oracle

test_same_results_as_util_linux_unshare() {
	local set ul_out ul_rc
	local sets=(
		"-r id -u"
		"-r cat /proc/self/uid_map"
		"-r cat /proc/self/gid_map"
		"-r cat /proc/self/setgroups"
		"-U -f sh -c 'exit 7'"
		"-U sh -c 'exit 7'"
		"-U nsbox-test-no-such-command"
		"-U -f nsbox-test-no-such-command"
	)
	# util-linux 2.38 goes through newuidmap even as root.
	[ "$(id -u)" = 0 ] && add_subids root 100000 65536 && sets+=(
		"-fp --mount-proc sh -c 'echo \$\$'"
		"-u sh -c 'hostname nsbox-test; hostname'"
		"--map-users=100000,0,65536 cat /proc/self/uid_map"
		"--map-user=nobody --map-group=65534 cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups"
		"-S 65534 -G 65534 grep -E '^(Uid|Gid|Groups)' /proc/self/status"
		"-w /tmp pwd"
		"-fp sh -c 'kill -TERM \$\$; echo alive'"
	)
	for set in "${sets[@]}"; do
		eval "run unshare $set" </dev/null
		ul_out=$OUT ul_rc=$RC
		eval "run ns-unshare $set" </dev/null
		assertEquals "$set: status" "$ul_rc" "$RC"
		assertEquals "$set: output" "$ul_out" "$OUT"
	done
	assertEquals "hostname outside untouched" "$(cat /proc/sys/kernel/hostname)" \
		"$(hostname)"
}

test_same_results_as_util_linux_unshare_as_nobody() {
	need_root || return 0
	need_userns || return 0
	local set
	for set in "-r id -u" "-r cat /proc/self/uid_map /proc/self/gid_map" \
	    "-c id -u" "-U -f sh -c 'exit 7'" "-r --keep-caps grep CapAmb /proc/self/status"; do
		eval "run as_nobody unshare $set" </dev/null
		local ul_out=$OUT ul_rc=$RC
		eval "run as_nobody ns-unshare $set" </dev/null
		assertEquals "$set: status" "$ul_rc" "$RC"
		assertEquals "$set: output" "$ul_out" "$OUT"
	done
}

# --- 11. --kill-child

test_kill_child_kills_the_command_when_we_are_killed() {
	local child
	spawn ns-unshare -U --kill-child sleep 100
	child=$(child_running "$SPAWNED" sleep) || fail "no child sleep"
	defer_kill_if "$child" sleep
	kill -KILL "$SPAWNED"
	wait "$SPAWNED" 2>/dev/null
	assertTrue "sleep $child died with us" "dies_soon '$child'"
}

test_without_kill_child_the_command_outlives_us() {
	local child
	spawn ns-unshare -U -f sleep 100
	child=$(child_running "$SPAWNED" sleep) || fail "no child sleep"
	defer_kill_if "$child" sleep
	kill -KILL "$SPAWNED"
	wait "$SPAWNED" 2>/dev/null
	assertEquals "sleep $child still runs" S \
		"$(awk '{ print $3 }' "/proc/$child/stat" 2>/dev/null)"
}

test_kill_child_sends_the_signal_asked_for() {
	local d child
	d=$(scratch kill-child-term)
	spawn ns-unshare -U --kill-child=TERM sh -c \
		"trap 'echo term >$d/marker; exit' TERM
		echo ready >$d/ready
		while :; do sleep 0.05; done"
	wait_for_file "$d/ready" || fail "the command did not start"
	child=$(child_running "$SPAWNED" sh) || fail "no child sh"
	defer_kill_if "$child" sh
	kill -KILL "$SPAWNED"
	wait "$SPAWNED" 2>/dev/null
	wait_for_file "$d/marker"
	assertEquals "the command got TERM" term "$(cat "$d/marker" 2>/dev/null)"
}

# --- 12. --root, --wd, --setuid/--setgid, --keep-caps

test_root_chroots_into_dir() {
	need_root || return 0
	[ -x /bin/busybox ] || { skip_test "needs /bin/busybox"; return 0; }
	local d
	d=$(scratch root)
	mkdir "$d/bin"
	cp /bin/busybox "$d/bin/sh"
	: >"$d/nsbox-test-marker"
	run ns-unshare -R "$d" /bin/sh -c 'echo /*; pwd'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "only DIR's entries, at /" "/bin /nsbox-test-marker
/" "$OUT"
	run ns-unshare -R "$d" -w /bin /bin/sh -c pwd
	assertEquals "-w after -R" /bin "$OUT"
	assertEquals "util-linux" "/bin /nsbox-test-marker" \
		"$(unshare -R "$d" /bin/sh -c 'echo /*')"
}

# In a chroot the kernel refuses a user namespace (EPERM) and / cannot
# change its propagation (EINVAL): the hints say so, and the way round
# they give works. The same errors outside a chroot get no such hint.
test_chroot_hints_hold_where_given() {
	need_root || return 0
	need_cmd strace || return 0
	make_chroot chroot
	run chrooted /nsbox ns-unshare -r /nsbox true
	assertEquals "-r in a chroot ($ERR)" 125 "$RC"
	assertContains "$ERR" "hint: the kernel makes no user namespace in a chroot"
	run chrooted --userspec 65534:65534 /nsbox ns-unshare -r /nsbox true
	assertContains "as uid 65534 too" "$ERR" "in a chroot: run it outside"
	run chrooted /nsbox ns-unshare -m /nsbox true
	assertEquals "-m in a chroot" 125 "$RC"
	assertContains "$ERR" "/ is not a mount point here"
	run chrooted /nsbox ns-unshare -m --propagation unchanged /nsbox --list
	assertEquals "the way round works ($ERR)" 0 "$RC"
	run strace -f -o /dev/null -e inject=unshare:error=EPERM \
		ns-unshare -r true
	assertEquals "EPERM outside" 125 "$RC"
	assertNotContains "no chroot hint outside: $ERR" "$ERR" chroot
	run strace -f -o /dev/null -e inject=mount:error=EINVAL \
		ns-unshare -m true
	assertEquals "EINVAL outside" 125 "$RC"
	assertNotContains "/ is a mount point outside: $ERR" "$ERR" \
		"not a mount point"
}

test_wd_changes_directory() {
	run ns-unshare -U -w /tmp pwd
	assertEquals "$ERR" 0 "$RC"
	assertEquals /tmp "$OUT"
}

test_setuid_setgid_drop_to_nobody() {
	need_root || return 0
	run ns-unshare -S 65534 -G 65534 sh -c 'id -u; id -G'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "65534
65534" "$OUT"
	run ns-unshare -S 65534 -G 65534 grep -E '^(Uid|Gid|Groups):' /proc/self/status
	assertEquals "Uid:	65534	65534	65534	65534
Gid:	65534	65534	65534	65534
Groups:" "$(sed 's/[[:space:]]*$//' "$TESTDIR/out")"
}

test_keep_caps_gives_ambient_capabilities() {
	need_root || return 0
	need_userns || return 0
	local with without
	with=$(as_nobody ns-unshare -r --keep-caps awk '/^CapAmb:/ { print $2 }' /proc/self/status)
	without=$(as_nobody ns-unshare -r awk '/^CapAmb:/ { print $2 }' /proc/self/status)
	assertEquals "none without --keep-caps" 0000000000000000 "$without"
	assertNotEquals "some with --keep-caps" 0000000000000000 "$with"
	assertNotEquals "some with --keep-caps" "" "$with"
	assertEquals "as util-linux" "$(as_nobody unshare -r --keep-caps \
		awk '/^CapAmb:/ { print $2 }' /proc/self/status)" "$with"
}

test_lo_brings_loopback_up_in_the_new_network_namespace() {
	need_root || return 0
	need_cmd ip || return 0
	# /sys still shows the caller's devices: ask the new namespace.
	run ns-unshare -n --lo ip -o link show lo
	assertEquals "$ERR" 0 "$RC"
	assertContains "lo is up" "$OUT" ",UP"
	run ns-unshare -n ip -o link show lo
	assertNotContains "down without --lo, as util-linux leaves it" \
		"$OUT" ",UP"
	run unshare -n ip -o link show lo
	assertNotContains "util-linux: down" "$OUT" ",UP"
	run as_nobody ns-unshare -r -n --lo ip -o link show lo
	assertContains "as nobody: $ERR" "$OUT" ",UP"
	run ns-unshare --lo true
	assertEquals "--lo without -n" 125 "$RC"
	assertContains "$ERR" "--lo"
}

test_a_net_name_that_is_no_file_name_is_refused_before_anything() {
	need_root || return 0
	local d name
	d=$(scratch dotnames)
	# "." and ".." name no file in the run directory (as ns-exec and
	# ns-netns see them): refused before the directory is made, even
	# when it could not be.
	for name in . ..; do
		NETNS_RUN_DIR=$d/missing/run run ns-unshare --net="$name" true
		assertEquals "--net=$name: $ERR" 125 "$RC"
		assertEquals "--net=$name: one line" 1 \
			"$(wc -l <"$TESTDIR/err")"
		assertEquals "--net=$name" \
			"ns-unshare: $d/missing/run/$name: Invalid argument" "$ERR"
		NETNS_RUN_DIR=$d/run run ns-unshare --net="$name" true
		assertEquals "--net=$name: $ERR" 125 "$RC"
		assertFalse "--net=$name: no run directory" "[ -e $d/run ]"
	done
	assertEquals "nothing made" "" "$(ls -A "$d")"
}

# --- 12. one setup plan: ns-unshare and ns-clone map ids alike

# ids_of CMD...: the lines of uid_map, gid_map and setgroups as the
# command CMD runs sees them, each after its file's name, or how CMD
# failed.
ids_of() {
	local out
	out=$("$@" sh -c 'for f in uid_map gid_map setgroups; do
		awk -v f=$f "{ \$1 = \$1; print f \": \" \$0 }" /proc/self/$f
		done' 2>/dev/null) || { echo "failed: $?"; return; }
	echo "$out"
}

# same_ids RUNNER SET...: each SET of options leaves the same ids under
# ns-unshare and ns-clone, line for line, and under util-linux unshare
# (which may write a map's lines in another order), run through RUNNER
# (none, or as_nobody). A SET ending in " !oracle" is not asked of
# unshare.
same_ids() {
	local runner=$1 set opts want
	shift
	for set in "$@"; do
		opts=${set% !oracle}
		want=$(ids_of $runner ns-unshare $opts)
		assertNotContains "ns-unshare $opts runs" "$want" failed
		assertEquals "ns-clone $opts as ns-unshare" "$want" \
			"$(ids_of $runner ns-clone $opts)"
		[ "$opts" = "$set" ] || continue
		assertEquals "ns-unshare $opts as unshare" \
			"$(ids_of $runner unshare $opts | sort)" "$(sort <<<"$want")"
	done
}

test_same_ids_as_ns_clone_and_unshare_as_root() {
	need_root || return 0
	need_cmd unshare newuidmap newgidmap || return 0
	# util-linux 2.38 goes through newuidmap for ranges even as root.
	add_subids root 100000 65536
	local r="--map-users=100000,0,65536 --map-groups=100000,0,65536"
	# util-linux 2.38 fails --setgroups=deny with --map-group or with
	# ranges: it writes setgroups again once the gid map is set, and
	# the kernel refuses (EPERM). No oracle there.
	same_ids "" -r "--map-user=0 --map-group=0" --map-group=0 \
		--map-user=1000 --map-group=1000 \
		"--map-user=0 --setgroups=allow" \
		"-U --setgroups=deny" "-U --setgroups=allow" \
		"$r" "$r --setgroups=allow" "$r --setgroups=deny !oracle" \
		"-r --map-users=100000,1,65536 --map-groups=100000,1,65536" \
		"--map-group=0 --setgroups=deny !oracle"
}

test_same_ids_as_ns_clone_and_unshare_as_nobody() {
	need_root || return 0
	need_cmd unshare || return 0
	need_userns || return 0
	same_ids as_nobody -r "--map-user=0 --map-group=0" --map-group=0 \
		--map-user=0 "--map-user=0 --setgroups=allow" \
		"-U --setgroups=deny" "-U --setgroups=allow" \
		"--map-group=0 --setgroups=deny !oracle"
}


# --- 13. the command's environment: --clear-env, --whitelist-env

# The variables CMD... sees, one a line, sorted (from the kernel).
environ_of() {
	"$@" cat /proc/self/environ | tr '\0' '\n' | sort
}

test_clear_env_as_util_linux_test_suite() {
	# util-linux tests/ts/unshare/env, with --clear-env.
	run env UL_TEST_ENV=foo ns-unshare --clear-env /bin/bash -c \
		'echo "${UL_TEST_ENV:-CLEARED}"'
	assertEquals "$ERR" CLEARED "$OUT"
}

test_clear_env_leaves_the_command_no_variable() {
	run environ_of ns-unshare --clear-env
	assertEquals "$ERR" "" "$OUT"
	run environ_of ns-unshare -U -f --clear-env
	assertEquals "forked: $ERR" "" "$OUT"
	assertEquals "as env -i" "$(environ_of env -i)" "$OUT"
}

test_clear_env_command_is_looked_up_on_the_new_path() {
	local d
	d=$(scratch env-path)
	printf '#!/bin/sh\necho found\n' >"$d/nsbox-test-cmd"
	chmod 755 "$d/nsbox-test-cmd"
	# No PATH: the default one, where nsbox-test-cmd is not.
	assertEquals 127 "$(PATH=$d:$PATH status_of ns-unshare --clear-env \
		nsbox-test-cmd)"
	run env PATH="$d:$PATH" ns-unshare --clear-env --whitelist-env PATH \
		nsbox-test-cmd
	assertEquals "PATH kept: $ERR" found "$OUT"
}

test_whitelist_env_as_util_linux_test_suite() {
	run env UL_TEST_ENV1=foo UL_TEST_ENV2=bar ns-unshare \
		--whitelist-env UL_TEST_ENV1 /bin/bash -c \
		'echo "${UL_TEST_ENV1:-CLEARED} ${UL_TEST_ENV2:-CLEARED}"'
	assertEquals "$ERR" "foo CLEARED" "$OUT"
}

test_whitelist_env_keeps_the_named_variables_of_every_list() {
	local want
	want=$(environ_of env -i NSBOX_TEST_A=1 NSBOX_TEST_C='x=,y' \
		PATH="$PATH")
	run environ_of env NSBOX_TEST_A=1 NSBOX_TEST_B=2 NSBOX_TEST_C='x=,y' \
		NSBOX_TEST_AB=3 ns-unshare --whitelist-env NSBOX_TEST_A,,NSBOX_TEST_C \
		--whitelist-env PATH,NSBOX_TEST_NONE
	assertEquals "$ERR" "$want" "$OUT"
	# --clear-env beside it: the list still wins, as in util-linux.
	run environ_of env NSBOX_TEST_A=1 NSBOX_TEST_B=2 ns-unshare -U -f \
		--whitelist-env NSBOX_TEST_A --clear-env
	assertEquals "$ERR" NSBOX_TEST_A=1 "$OUT"
}

test_whitelist_env_empty_list_keeps_nothing() {
	run environ_of ns-unshare --whitelist-env ''
	assertEquals "$ERR" "" "$OUT"
}

test_whitelist_env_with_a_value_is_refused() {
	assert_refused NSBOX_TEST_A=1 ns-unshare --whitelist-env NSBOX_TEST_A=1 true
}

# --- 14. binfmt_misc: --mount-binfmt, --load-interp

# binfmt_misc has an instance per user namespace from Linux 6.7 on.
binfmt_in_userns() {
	uname -r | awk -F. '{ exit !($1 > 6 || ($1 == 6 && $2 + 0 >= 7)) }' ||
		{ skip_test "binfmt_misc in a user namespace needs Linux 6.7"; return 1; }
}

# The entries of the host's binfmt_misc instance, seen through a mount of
# it in a private mount namespace of util-linux unshare.
host_binfmt_entries() {
	unshare -m sh -c 'mount -t binfmt_misc binfmt_misc "$1" && ls "$1"' \
		sh "$(scratch host-binfmt)"
}

test_load_interp_registers_in_a_new_binfmt_misc_only() {
	need_root || return 0
	need_cmd unshare || return 0
	binfmt_in_userns || return 0
	local b=/proc/sys/fs/binfmt_misc
	run ns-unshare -r -p -f \
		--load-interp ':nsbox-test-interp:E::nsboxtest::/bin/cat:' \
		sh -c "cat $b/nsbox-test-interp $b/status; awk '\$5 == \"$b\" \
			{ print \$(NF - 2) }' /proc/self/mountinfo"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "enabled
interpreter /bin/cat
flags: 
extension .nsboxtest
enabled
binfmt_misc" "$OUT"
	assertNotContains "the host's binfmt_misc has no entry" \
		"$(host_binfmt_entries)" nsbox-test-interp
	assertEquals "a new proc too (no -p: refused)" 125 \
		"$(status_of ns-unshare -r --load-interp ':nsbox-test-x:E::x::/bin/cat:')"
}

test_mount_binfmt_implies_new_user_and_mount_namespaces() {
	need_root || return 0
	binfmt_in_userns || return 0
	local d
	d=$(scratch binfmt-dir)
	run ns-unshare --mount-binfmt="$d" sh -c "ls $d; readlink \
		/proc/self/ns/user /proc/self/ns/mnt /proc/self/ns/pid"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "a new instance, at DIR, and no proc" "register
status
$(readlink /proc/self/ns/pid)" "$(sed '3,4d' "$TESTDIR/out")"
	assertNotEquals "new user ns" "$(readlink /proc/self/ns/user)" \
		"$(sed -n 3p "$TESTDIR/out")"
	assertNotEquals "new mnt ns" "$(readlink /proc/self/ns/mnt)" \
		"$(sed -n 4p "$TESTDIR/out")"
	assertEquals "nothing left on DIR" 0 "$(mounts_at "$d")"
}

test_load_interp_with_f_under_root_opens_the_callers_file() {
	need_root || return 0
	binfmt_in_userns || return 0
	[ -x /bin/busybox ] || { skip_test "needs /bin/busybox"; return 0; }
	local d i b=/proc/sys/fs/binfmt_misc
	d=$(scratch binfmt-root)
	i=$(scratch binfmt-interp)/interp
	mkdir "$d/bin" "$d/proc"
	cp /bin/busybox "$d/bin/cat"
	cp /bin/busybox "$i"
	# The interpreter is not in the root: only registered before the
	# chroot can the kernel open it (F).
	run ns-unshare -r -p -f --root="$d" \
		--load-interp ":nsbox-test-f:E::nsboxtest::$i:F" \
		/bin/cat $b/nsbox-test-f
	assertEquals "$ERR" 0 "$RC"
	assertEquals "enabled
interpreter $i
flags: F
extension .nsboxtest" "$OUT"
	# Without F the kernel opens it at exec: registered in the root.
	run ns-unshare -r -p -f --root="$d" \
		--load-interp ":nsbox-test-f:E::nsboxtest::$i:" \
		/bin/cat $b/nsbox-test-f
	assertEquals "without F: $ERR" "flags: " "$(sed -n 3p "$TESTDIR/out")"
}

test_load_interp_malformed_is_refused() {
	need_root || return 0
	binfmt_in_userns || return 0
	assert_refused "':nsbox-test-bad'" \
		ns-unshare -r -p -f --load-interp ':nsbox-test-bad' true
	assertContains "$ERR" "/proc/sys/fs/binfmt_misc/register: Invalid argument"
}

test_mount_binfmt_refused_by_the_kernel_names_the_version() {
	need_root || return 0
	need_cmd strace || return 0
	local d
	d=$(scratch binfmt-eperm)
	# --propagation unchanged: the binfmt_misc mount is the only one.
	assert_refused "binfmt_misc on $d" strace -f -qq -o /dev/null \
		-e trace=mount -e inject=mount:error=EPERM \
		ns-unshare -r --propagation unchanged --mount-binfmt="$d" true
	assertContains "$ERR" "ns-unshare: hint: binfmt_misc in a user namespace needs Linux 6.7"
	assertEquals "nothing left on DIR" 0 "$(mounts_at "$d")"
}

# --- 15. --map-subids, --owner, --forward-signals

test_map_subids_maps_the_blocks_as_themselves_as_util_linux() {
	need_root || return 0
	need_cmd unshare newuidmap newgidmap || return 0
	add_subids root 200000 65536
	assert_maps "200000 200000 65536" ns-unshare --map-subids
	assertEquals "util-linux 2.38, the same ranges" \
		"$(map_of <"$TESTDIR/out")" \
		"$(unshare --map-users=200000,200000,65536 \
			--map-groups=200000,200000,65536 \
			cat /proc/self/uid_map /proc/self/gid_map | map_of)"
	run ns-unshare --map-users=subids cat /proc/self/uid_map
	assertEquals "--map-users=subids" "200000 200000 65536" \
		"$(map_of <"$TESTDIR/out")"
}

test_map_subids_as_nobody_through_newuidmap() {
	need_root || return 0
	need_cmd newuidmap newgidmap || return 0
	need_userns || return 0
	add_subids nobody 300000 65536
	assert_maps "300000 300000 65536" as_nobody ns-unshare --map-subids
}

test_map_subids_without_a_block_is_refused() {
	need_root || return 0
	grep -q '^root:\|^0:' /etc/subuid 2>/dev/null &&
		{ skip_test "/etc/subuid has a block for root"; return 0; }
	assert_refused /etc/subuid ns-unshare --map-subids true
}

# Owner uid of the user namespace FILE is (ioctl NS_GET_OWNER_UID).
ns_owner_uid() {
	perl -e 'open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!\n";
		my $u = "\0" x 4; ioctl($f, 0xb704, $u) or die "ioctl: $!\n";
		print unpack("L", $u), "\n"' "$1"
}

test_owner_makes_the_user_namespace_as_that_user() {
	need_root || return 0
	need_cmd perl nsenter || return 0
	local m="--map-users=0:100000:65536 --map-groups=0:100000:65536"
	# shellcheck disable=SC2086
	spawn_target ns-unshare --owner 65534:65534 $m sleep 1000 || return 0
	assertEquals "owner uid (from the kernel)" 65534 \
		"$(ns_owner_uid /proc/$TARGET/ns/user)"
	assertEquals "the command runs as the owner" 65534:65534 \
		"$(stat -c %u:%g /proc/$TARGET)"
	assertEquals "the maps, written for us" "0 100000 65536
0 100000 65536" "$(map_of </proc/$TARGET/uid_map; map_of </proc/$TARGET/gid_map)"
	assertTrue "the owner may enter it" \
		"as_nobody nsenter --preserve-credentials -U -t $TARGET true"
	# Without --owner it is root's, and nobody may not.
	# shellcheck disable=SC2086
	spawn_target ns-unshare $m sleep 1000 || return 0
	assertEquals "owner uid without --owner" 0 \
		"$(ns_owner_uid /proc/$TARGET/ns/user)"
	assertFalse "nobody may not enter root's" \
		"as_nobody nsenter --preserve-credentials -U -t $TARGET true 2>/dev/null"
}

test_owner_with_a_pin_is_bound_by_the_helper() {
	need_root || return 0
	need_cmd perl || return 0
	local d
	d=$(scratch owner-pin)
	defer "umount -l '$d/user'; rm -f '$d/user'"
	run ns-unshare --owner 65534:65534 -r --user="$d/user" true
	assertEquals "$ERR" 0 "$RC"
	assertTrue "pinned" "nsfs_mounted '$d/user'"
	assertEquals "the pin's owner" 65534 "$(ns_owner_uid "$d/user")"
}

test_owner_bad_values_are_refused() {
	local v
	for v in x:y 1: :1 1:2:3 1 -1:0 4294967295:0; do
		assert_refused "'$v'" ns-unshare --owner "$v" true
	done
	need_root || return 0
	assert_refused "setgid(0)" as_nobody ns-unshare --owner 0:0 true
}

test_forward_signals_implies_fork() {
	run ns-unshare --forward-signals sh -c 'cat /proc/$PPID/comm'
	assertEquals "$ERR" ns-unshare "$OUT"
	assertEquals "as -f" "$OUT" \
		"$(ns-unshare -f sh -c 'cat /proc/$PPID/comm')"
}

run_suite
