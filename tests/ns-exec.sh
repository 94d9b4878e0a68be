#!/bin/bash
# tests/ns-exec.sh - ns-exec (and ns-setns), shown through the kernel: the
# command's own /proc/self/ns inodes against the target's and ours, with
# util-linux nsenter as the oracle.
. "$(dirname "$0")/lib.sh"

NS_TYPES="mnt uts ipc net pid user cgroup time"

# The inodes of NS_TYPES, one a line, of PID.
pid_inodes() {
	local t
	for t in $NS_TYPES; do
		ns_inode "$1" "$t"
	done
}

# assert_joined "TYPES" TARGET CMD...: the command CMD runs is in TARGET's
# namespaces of TYPES (which are not ours) and in ours of every other type.
assert_joined() {
	local want=" $1 " target=$2 t i=0 ours theirs got
	shift 2
	mapfile -t ours < <(pid_inodes $$)
	mapfile -t theirs < <(pid_inodes "$target")
	mapfile -t got < <(ns_inodes "$@")
	assertEquals "$*: an inode for every type" 8 "${#got[@]}"
	for t in $NS_TYPES; do
		if [[ $want == *" $t "* ]]; then
			assertNotEquals "the target's $t is not ours" \
				"${ours[i]}" "${theirs[i]}"
			assertEquals "$*: joined $t" "${theirs[i]}" "${got[i]}"
		else
			assertEquals "$*: our $t" "${ours[i]}" "${got[i]}"
		fi
		i=$((i + 1))
	done
}

# assert_error WHAT...: ns-exec failed itself (125), ran nothing (stdout
# empty) and said so in one line (a hint line may follow) naming WHAT.
assert_error() {
	local w lines
	assertEquals "status ($ERR)" 125 "$RC"
	assertEquals "nothing ran" "" "$OUT"
	assertNotEquals "an error message" "" "$ERR"
	lines=$(printf '%s\n' "$ERR" | grep -vc '^ns-[a-z]*: hint: ')
	assertEquals "one error line: $ERR" 1 "$lines"
	assertTrue "prefixed with the applet: $ERR" "[[ \$ERR == ns-*:\ * ]]"
	for w in "$@"; do
		assertContains "names $w" "$ERR" "$w"
	done
}

# in_terminal CMD: run the shell command CMD on a terminal of its own
# (script(1)) whose input stays open, so no EOF is typed into it; RC, OUT
# with carriage returns removed.
in_terminal() {
	local fifo=$TESTDIR/nsbox-test-tty-in
	rm -f "$fifo"
	mkfifo "$fifo"
	defer "rm -f '$fifo'"
	spawn sh -c "exec sleep 1000 >'$fifo'"
	run env SHELL=/bin/bash script -qec "$1" /dev/null <"$fifo"
	OUT=$(printf '%s' "$OUT" | tr -d '\r')
}

# A shell script that prints its PID, session and tty_nr from /proc.
write_session_probe() {
	cat >"$1" <<-'EOF'
		read -r pid comm state ppid pgrp sid tty rest </proc/$$/stat
		echo "$pid $sid $tty"
	EOF
}

# --- each namespace type, from a target ---------------------------------

join_one() {	# TYPE LETTER CMD...: join TYPE of a target CMD starts
	local type=$1 letter=$2
	shift 2
	need_root || return 0
	spawn_target "$@" || return
	assert_joined "$type" "$TARGET" ns-exec -t "$TARGET" "-$letter"
}

test_joins_mnt_of_target() { join_one mnt m ns-unshare -m sleep 1000; }
# A reference that is not a regular file is refused unopened: a FIFO
# would block the open forever.
test_fifo_reference_is_refused_without_blocking() {
	local d
	d=$(scratch fifo)
	mkfifo "$d/fifo"
	run timeout 10 ns-exec "--net=$d/fifo" true
	assertEquals "refused, not hung ($ERR)" 125 "$RC"
	assertContains "$ERR" "$d/fifo"
	run timeout 10 ns-pin "$d/fifo" "$d/pin"
	assertEquals "ns-pin too ($ERR)" 1 "$RC"
	assertFalse "no pin" "[ -e '$d/pin' ]"
}

test_joins_uts_of_target() { join_one uts u ns-unshare -u sleep 1000; }
test_joins_ipc_of_target() { join_one ipc i ns-unshare -i sleep 1000; }
test_joins_net_of_target() { join_one net n ns-unshare -n sleep 1000; }
test_joins_user_of_target() { join_one user U ns-unshare -r sleep 1000; }
test_joins_cgroup_of_target() { join_one cgroup C ns-unshare -C sleep 1000; }
test_joins_time_of_target() { join_one time T ns-unshare -T sleep 1000; }

test_joins_pid_of_target() {
	need_root || return 0
	spawn_child_target ns-unshare -fp sleep 1000 || return
	assert_joined pid "$TARGET" ns-exec -t "$TARGET" -p
}

test_all_joins_every_namespace_of_target() {
	need_root || return 0
	spawn_child_target ns-unshare -a -r -f sleep 1000 || return
	assert_joined "$NS_TYPES" "$TARGET" ns-exec -t "$TARGET" -a
}

test_all_keeps_namespaces_the_target_shares() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	assert_joined "uts net" "$TARGET" ns-exec -t "$TARGET" -a
}

test_several_types_at_once() {
	need_root || return 0
	spawn_target ns-unshare -u -i -n sleep 1000 || return
	assert_joined "uts net" "$TARGET" ns-exec -t "$TARGET" -u -n
	assert_joined "uts ipc net" "$TARGET" \
		ns-exec --target="$TARGET" --uts --ipc --net
}

# --- classic operands, files, names -------------------------------------

test_classic_nsfs_operands_are_joined() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	assert_joined uts "$TARGET" ns-exec "/proc/$TARGET/ns/uts"
	assert_joined "uts net" "$TARGET" \
		ns-exec "/proc/$TARGET/ns/uts" "/proc/$TARGET/ns/net"
}

test_classic_double_dash_ends_the_references() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	assert_joined uts "$TARGET" ns-exec "/proc/$TARGET/ns/uts" --
	# After --, a namespace file is the command (not executable: 126).
	run ns-exec "/proc/$TARGET/ns/uts" -- "/proc/$TARGET/ns/net"
	assertEquals "$ERR" 126 "$RC"
}

test_classic_pinned_file_is_joined() {
	need_root || return 0
	local d pin
	d=$(scratch pin)
	defer "rm -rf '$d'"
	pin=$d/uts
	touch "$pin"
	unshare --uts="$pin" true || { fail "cannot pin"; return; }
	defer "umount '$pin'"
	assertNotEquals "a new uts namespace" "$(ns_inode $$ uts)" \
		"$(stat -L -c %i "$pin")"
	assertEquals "classic operand" "$(stat -L -c %i "$pin")" \
		"$(ns-exec "$pin" stat -L -c %i /proc/self/ns/uts)"
	assertEquals "--uts=FILE" "$(stat -L -c %i "$pin")" \
		"$(ns-exec --uts="$pin" stat -L -c %i /proc/self/ns/uts)"
	assertEquals "net stays ours" "$(ns_inode $$ net)" \
		"$(ns-exec "$pin" stat -L -c %i /proc/self/ns/net)"
}

test_ns_setns_behaves_as_ns_exec() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	assert_joined "uts net" "$TARGET" ns-setns "/proc/$TARGET/ns/uts" \
		"/proc/$TARGET/ns/net"
	assert_joined "uts" "$TARGET" ns-setns -t "$TARGET" -u
	run ns-setns -t "$TARGET" -u sh -c 'exit 7'
	assertEquals 7 "$RC"
	run ns-setns echo nsbox-test-ran
	assert_error "ns-setns: " "no namespace specified"
}

test_net_name_from_run_netns() {
	need_root || return 0
	need_cmd ip || return 0
	local name=nsbox-test-exec-$$
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	local want
	want=$(stat -L -c %i "/run/netns/$name")
	assertNotEquals "a new net namespace" "$(ns_inode $$ net)" "$want"
	assertEquals "-nNAME" "$want" \
		"$(ns-exec -n"$name" stat -L -c %i /proc/self/ns/net)"
	assertEquals "--net=NAME" "$want" \
		"$(ns-exec --net="$name" stat -L -c %i /proc/self/ns/net)"
	assertEquals "classic /run/netns/NAME" "$want" \
		"$(ns-exec "/run/netns/$name" stat -L -c %i /proc/self/ns/net)"
	assertEquals "uts stays ours" "$(ns_inode $$ uts)" \
		"$(ns-exec --net="$name" stat -L -c %i /proc/self/ns/uts)"
}

# A reference without a slash is a file in the current directory, as
# nsenter takes it (a bare number stays a PID).
test_bare_uts_reference_is_a_file_here_as_in_nsenter() {
	need_root || return 0
	need_cmd nsenter || return 0
	local d pin=nsbox-test-pin want
	d=$(scratch bare-uts)
	defer "umount -l '$d/$pin'; rm -rf '$d'"
	touch "$d/$pin"
	(cd "$d" && unshare --uts="./$pin" true) ||
		{ fail "unshare --uts=./$pin"; return; }
	want=$(stat -L -c %i "$d/$pin")
	assertNotEquals "a new uts namespace" "$(ns_inode $$ uts)" "$want"
	assertEquals "nsenter --uts=NAME" "$want" \
		"$(cd "$d" && nsenter --uts="$pin" stat -L -c %i /proc/self/ns/uts)"
	assertEquals "ns-exec --uts=NAME" "$want" \
		"$(cd "$d" && ns-exec --uts="$pin" stat -L -c %i /proc/self/ns/uts)"
	assertEquals "ns-exec -uNAME" "$want" \
		"$(cd "$d" && ns-exec -u"$pin" stat -L -c %i /proc/self/ns/uts)"
	# Here a bare number is a PID, even with a file of that name at hand
	# (nsenter would take the file).
	spawn_target ns-unshare -u sleep 1000 || return
	touch "$d/$TARGET"
	mount --bind "$d/$pin" "$d/$TARGET" || { fail "bind $TARGET"; return; }
	defer "umount -l '$d/$TARGET'"
	assertEquals "--uts=PID is the process" "$(ns_inode "$TARGET" uts)" \
		"$(cd "$d" && ns-exec --uts="$TARGET" stat -L -c %i /proc/self/ns/uts)"
	run sh -c "cd '$d' && ns-exec --uts=nsbox-test-missing true"
	assert_error "--uts=nsbox-test-missing" \
		"nsbox-test-missing: No such file or directory"
}

# For a network namespace a name in the run directory comes first, then
# a file of that name here.
test_bare_net_name_prefers_the_run_directory_then_a_file_here() {
	need_root || return 0
	need_cmd ip nsenter || return 0
	local d name=nsbox-test-bare-$$ file run
	d=$(scratch bare-net)
	defer "umount -l '$d/$name'; rm -rf '$d'"
	touch "$d/$name"
	(cd "$d" && unshare --net="./$name" true) ||
		{ fail "unshare --net=./$name"; return; }
	file=$(stat -L -c %i "$d/$name")
	assertEquals "only the file: nsenter takes it" "$file" \
		"$(cd "$d" && nsenter --net="$name" stat -L -c %i /proc/self/ns/net)"
	assertEquals "only the file: so does ns-exec" "$file" \
		"$(cd "$d" && ns-exec --net="$name" stat -L -c %i /proc/self/ns/net)"
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	run=$(stat -L -c %i "/run/netns/$name")
	assertNotEquals "two namespaces" "$file" "$run"
	assertEquals "both: the run directory's" "$run" \
		"$(cd "$d" && ns-exec --net="$name" stat -L -c %i /proc/self/ns/net)"
	assertEquals "both: ./NAME is the file" "$file" \
		"$(cd "$d" && ns-exec --net="./$name" stat -L -c %i /proc/self/ns/net)"
}

# --- -Z/--follow-context ------------------------------------------------

selinux_enabled() {
	[ -e /sys/fs/selinux/enforce ]
}

# Without SELinux there is no context to follow: nsenter (built with
# libselinux here) ignores -Z, and so does ns-exec, touching no attr file.
test_follow_context_without_selinux_does_nothing_as_nsenter() {
	need_root || return 0
	need_cmd nsenter strace || return 0
	selinux_enabled && { skip_test "SELinux is enabled here"; return; }
	spawn_target ns-unshare -u sleep 1000 || return
	local want
	want=$(ns_inode "$TARGET" uts)
	run nsenter -Z -t "$TARGET" -u stat -L -c %i /proc/self/ns/uts
	assertEquals "nsenter -Z ($ERR)" "0 $want" "$RC $OUT"
	run ns-exec -Z -t "$TARGET" -u stat -L -c %i /proc/self/ns/uts
	assertEquals "ns-exec -Z ($ERR)" "0 $want" "$RC $OUT"
	run ns-exec --follow-context --uts="/proc/$TARGET/ns/uts" true
	assertEquals "no target needed either ($ERR)" 0 "$RC"
	run strace -f -e trace=%file,read,write -o "$TESTDIR/trace" \
		ns-exec -Z -t "$TARGET" -u true
	assertEquals "no attr file touched" "" \
		"$(grep 'attr/' "$TESTDIR/trace")"
}

# A stand-in for SELinux, in a mount namespace of our own: a file system
# with an "enforce" file on /sys/fs/selinux, and the target's attr/current
# covered by a file that holds a context. Nothing here takes the context
# (no security module), so the write fails; the trace shows that the read
# value is what ns-exec writes to attr/exec, and the error names it.
# Runs CMD... there; RC, OUT, ERR as run sets them.
with_fake_selinux() {
	local ctx=$1
	shift
	printf '%s\n' "$ctx" >"$TESTDIR/nsbox-test-ctx"
	run unshare -m sh -c '
		mount --bind "$1" "/proc/$2/attr/current" &&
		mount -t tmpfs nsbox-test-selinux /sys/fs &&
		mkdir /sys/fs/selinux && : >/sys/fs/selinux/enforce || exit 99
		shift 2
		exec "$@"' sh "$TESTDIR/nsbox-test-ctx" "$TARGET" "$@"
}

# opened_fd TRACE DIRFD FILE: the fd the last openat(DIRFD, "FILE", ...)
# in the strace output TRACE returned (musl calls open("FILE", ...) for
# AT_FDCWD).
opened_fd() {
	grep -E "(open\(|openat\($2, )\"$3\", " "$1" |
		sed -n 's/.* = \([0-9]*\)$/\1/p' | tail -n 1
}

test_follow_context_writes_the_targets_context_to_attr_exec() {
	need_root || return 0
	need_cmd strace || return 0
	selinux_enabled && { skip_test "SELinux is enabled here"; return; }
	local ctx=nsbox_test_u:nsbox_test_r:nsbox_test_t:s0 trace
	trace=$TESTDIR/nsbox-test-trace
	spawn_target sleep 1000 || return
	with_fake_selinux "$ctx" strace -f -s 256 -o "$trace" \
		-e trace=open,openat,read,write ns-exec -Z -t "$TARGET" -u \
		echo nsbox-test-ran
	assert_error "cannot set the exec context to '$ctx'"
	local proc cur exe
	proc=$(opened_fd "$trace" AT_FDCWD "/proc/$TARGET")
	cur=$(opened_fd "$trace" "$proc" attr/current)
	exe=$(opened_fd "$trace" AT_FDCWD /proc/thread-self/attr/exec)
	assertNotEquals "attr/current opened in /proc/$TARGET" "" "$cur"
	assertNotEquals "attr/exec opened" "" "$exe"
	assertContains "the target's context read" "$(cat "$trace")" \
		"read($cur, \"$ctx\\n\", 4095) = $((${#ctx} + 1))"
	assertContains "the very context written" "$(cat "$trace")" \
		"write($exe, \"$ctx\", ${#ctx}) = -1"
	# The stand-in does not reach beyond its mount namespace.
	assertFalse "no enforce file here" selinux_enabled
	with_fake_selinux "$ctx" ns-exec -Z --uts="/proc/$TARGET/ns/uts" \
		echo nsbox-test-ran
	assert_error "no target PID specified for --follow-context"
}

# --- PID namespaces -----------------------------------------------------

test_pid_join_runs_command_as_child_inside() {
	need_root || return 0
	spawn_child_target ns-unshare -fp sleep 1000 || return
	run ns-exec -t "$TARGET" -p sh -c 'echo $$'
	assertEquals "$ERR" 0 "$RC"
	assertTrue "a small PID inside: '$OUT'" "[ '$OUT' -gt 1 ] && [ '$OUT' -lt 10 ]"
}

test_pid_join_with_root_sees_only_its_proc() {
	need_root || return 0
	spawn_child_target ns-unshare -fp --mount-proc sleep 1000 || return
	local host inside
	host=$(ls /proc | grep -c '^[0-9]*$')
	assertTrue "precondition: many processes here ($host)" "[ $host -gt 5 ]"
	run ns-exec -t "$TARGET" -p -r sh -c 'ls /proc; echo "self=$$"'
	assertEquals "$ERR" 0 "$RC"
	inside=$(printf '%s\n' "$OUT" | grep -c '^[0-9]*$')
	assertTrue "few processes inside ($inside)" "[ $inside -ge 2 ] && [ $inside -le 5 ]"
	assertTrue "PID 1 is there" "printf '%s\n' '$OUT' | grep -qx 1"
	assertContains "the command is there" " $(echo $OUT) " \
		" $(printf '%s\n' "$OUT" | sed -n 's/^self=//p') "
}

test_no_fork_sets_only_pid_for_children() {
	need_root || return 0
	spawn_child_target ns-unshare -fp sleep 1000 || return
	run ns-exec -t "$TARGET" -p -F \
		stat -L -c %i /proc/self/ns/pid /proc/self/ns/pid_for_children
	assertEquals "$ERR" 0 "$RC"
	assertEquals "pid ns unchanged, children's is the target's" \
		"$(ns_inode $$ pid) $(ns_inode "$TARGET" pid)" "$(echo $OUT)"
	assertNotEquals "the target's pid ns is not ours" \
		"$(ns_inode $$ pid)" "$(ns_inode "$TARGET" pid)"
}

# --- root, directories, environment, credentials ------------------------

test_wd_is_the_targets_cwd() {
	need_root || return 0
	local d
	d=$(scratch wd)
	defer "rm -rf '$d'"
	spawn_target sh -c "cd '$d' && exec ns-unshare -m sleep 1000" || return
	run ns-exec -t "$TARGET" -m -w pwd
	assertEquals "$ERR" 0 "$RC"
	assertEquals "$d" "$OUT"
	# Without -w, joining a mount namespace puts us at its root.
	run ns-exec -t "$TARGET" -m pwd
	assertEquals "without -w: the namespace's root" / "$OUT"
	if command -v nsenter >/dev/null; then
		assertEquals "as nsenter -w" "$(nsenter -t "$TARGET" -m -w pwd)" \
			"$(ns-exec -t "$TARGET" -m -w pwd)"
	fi
	run ns-exec -t "$TARGET" -m -w"$d" pwd
	assertEquals "-wDIR" "$d" "$OUT"
}

test_wdns_is_resolved_after_joining() {
	need_root || return 0
	local d
	d=$(scratch wdns)
	defer "rm -rf '$d'"
	mkdir "$d/mnt"
	spawn_target ns-unshare -m sh -c "mount -t tmpfs nsbox-test '$d/mnt' &&
		mkdir '$d/mnt/inner' && exec sleep 1000" || return
	assertFalse "not here: only in the target's mounts" "[ -e '$d/mnt/inner' ]"
	run ns-exec -t "$TARGET" -m -W "$d/mnt/inner" pwd
	assertEquals "$ERR" 0 "$RC"
	assertEquals "$d/mnt/inner" "$OUT"
	run ns-exec -t "$TARGET" -m --wd="$d/mnt/inner" pwd
	assertEquals "--wd=DIR is opened here, before joining" 125 "$RC"
	assertContains "$ERR" "$d/mnt/inner"
}

test_root_is_the_targets_root() {
	need_root || return 0
	need_cmd busybox || return 0
	local d
	d=$(scratch root)
	defer "rm -rf '$d'"
	mkdir "$d/bin"
	cp "$(command -v busybox)" "$d/bin/sh"
	ln -s sh "$d/bin/sleep"
	touch "$d/nsbox-test-marker"
	spawn_target ns-unshare -m -R "$d" sleep 1000 || return
	run ns-exec -t "$TARGET" -m -r /bin/sh -c 'ls /; pwd'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "only the target's root" "bin nsbox-test-marker /" "$(echo $OUT)"
}

test_root_dir_option_chroots_there() {
	need_root || return 0
	need_cmd busybox || return 0
	local d
	d=$(scratch rootdir)
	defer "rm -rf '$d'"
	mkdir "$d/bin"
	cp "$(command -v busybox)" "$d/bin/sh"
	touch "$d/nsbox-test-marker"
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-exec -t "$TARGET" -u -r"$d" /bin/sh -c 'ls /'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "bin nsbox-test-marker" "$(echo $OUT)"
}

test_env_is_the_targets_environment() {
	need_root || return 0
	spawn_target env NSBOX_TEST_VAR=hello ns-unshare -u sleep 1000 || return
	local probe='echo "${NSBOX_TEST_VAR-unset} ${NSBOX_TEST_OURS-unset}"'
	run env NSBOX_TEST_OURS=1 ns-exec -t "$TARGET" -u -e sh -c "$probe"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "theirs, not ours" "hello unset" "$OUT"
	run env NSBOX_TEST_OURS=1 ns-exec -t "$TARGET" -u sh -c "$probe"
	assertEquals "without -e: ours" "unset 1" "$OUT"
}

test_setuid_setgid_give_those_ids() {
	need_root || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-exec -t "$TARGET" -u -S 65534 -G 65534 sh -c 'id -u; id -g; id -G'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "uid gid groups" "65534 65534 65534" "$(echo $OUT)"
	run ns-exec -t "$TARGET" -u --setuid=65534 id -u
	assertEquals "--setuid" 65534 "$OUT"
}

test_setuid_follow_takes_the_targets_owner() {
	need_root || return 0
	spawn_target ns-unshare -u setpriv --reuid=65534 --regid=65534 \
		--clear-groups sleep 1000 || return
	assertEquals "precondition: target owned by 65534" "65534 65534" \
		"$(stat -c '%u %g' "/proc/$TARGET")"
	run ns-exec -t "$TARGET" -u -S follow -G follow sh -c 'id -u; id -g'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "65534 65534" "$(echo $OUT)"
}

test_user_join_makes_root_unless_preserving_credentials() {
	need_root || return 0
	need_cmd nsenter || return 0
	# Inside, 0 is 100000 outside; our own uid 0 is not mapped there.
	spawn_target ns-unshare --map-users=0:100000:1000 \
		--map-groups=0:100000:1000 sleep 1000 || return
	run ns-exec -t "$TARGET" -U sh -c 'id -u; id -g'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "root inside" "0 0" "$(echo $OUT)"
	assertEquals "as nsenter" "$(nsenter -t "$TARGET" -U sh -c 'id -u; id -g')" "$OUT"
	run ns-exec -t "$TARGET" -U --preserve-credentials sh -c 'id -u; id -g'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "ours, unmapped: the overflow id" "65534 65534" "$(echo $OUT)"
	assertEquals "as nsenter" "$(nsenter -t "$TARGET" -U \
		--preserve-credentials sh -c 'id -u; id -g')" "$OUT"
}

test_preserve_credentials_keeps_callers_mapped_ids() {
	need_root || return 0
	need_userns || return 0
	spawn_target "${NOBODY[@]}" ns-unshare --map-user=1000 --map-group=1000 \
		sleep 1000 || return
	run as_nobody ns-exec -t "$TARGET" -U --preserve-credentials \
		sh -c 'id -u; id -g'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "65534 as seen inside" "1000 1000" "$(echo $OUT)"
	assertEquals "as nsenter" "$(as_nobody nsenter -t "$TARGET" -U \
		--preserve-credentials sh -c 'id -u; id -g')" "$OUT"
}

# --- unprivileged -------------------------------------------------------

test_unprivileged_joins_its_own_namespaces() {
	need_root || return 0
	need_userns || return 0
	spawn_target "${NOBODY[@]}" ns-unshare -r -u -n sleep 1000 || return
	assert_joined "user uts net" "$TARGET" \
		as_nobody ns-exec -t "$TARGET" -U -u -n
}

test_unprivileged_all_skips_what_it_shares() {
	need_root || return 0
	need_userns || return 0
	spawn_target "${NOBODY[@]}" ns-unshare -r -u -n sleep 1000 || return
	run as_nobody ns-exec -t "$TARGET" -a true
	assertEquals "$ERR" 0 "$RC"
	assert_joined "user uts net" "$TARGET" as_nobody ns-exec -t "$TARGET" -a
}

# A hint only where its condition holds: -U cannot help with another
# user's process, nor with a process in our own user namespace.
test_unprivileged_refusal_hints_only_what_holds() {
	need_root || return 0
	need_userns || return 0
	local opts
	spawn_target unshare -U -n sleep 1000 || return
	for opts in "-U -n" "-n"; do
		run as_nobody ns-exec -t "$TARGET" $opts true
		assertEquals "root's, $opts: status" 125 "$RC"
		assertContains "root's, $opts: whose it is" "$ERR" \
			"hint: PID $TARGET belongs to uid 0: only that user or root"
		assertNotContains "root's, $opts: no -U hint" "$ERR" "(-U)"
	done
	spawn_target "${NOBODY[@]}" sleep 1000 || return
	run as_nobody ns-exec -t "$TARGET" -n true
	assertEquals "ours, our user namespace: status" 125 "$RC"
	assertNotContains "ours, our user namespace: -U cannot help" \
		"$ERR" "(-U)"
	spawn_target "${NOBODY[@]}" ns-unshare -r -n sleep 1000 || return
	run as_nobody ns-exec -t "$TARGET" -n true
	assertContains "ours, in a user namespace of ours: join it" \
		"$ERR" "hint: without root, join the user namespace that owns it too (-U)"
	run as_nobody ns-exec -t "$TARGET" -U -n true
	assertEquals "ours, -U: then it works" "$ERR" ""
	# Ours, in a user namespace root made: -U is refused too, and
	# nothing can be checked about whose that namespace is.
	spawn_target ns-unshare -U --map-users=65534:65534:1 \
		--map-groups=65534:65534:1 -S 65534 -G 65534 -n sleep 1000 ||
		return
	run as_nobody ns-exec -t "$TARGET" -U -n true
	assertEquals "ours, root's user namespace: status" 125 "$RC"
	assertNotContains "ours, root's user namespace: no hint" "$ERR" hint
}

# Joining a user namespace made without a map: ids 0 are not mapped
# there, which the hint says, with the way that works.
test_unmapped_ids_hint_at_preserve_credentials() {
	need_root || return 0
	need_userns || return 0
	spawn_target "${NOBODY[@]}" unshare -U sleep 1000 || return
	run as_nobody ns-exec -t "$TARGET" -U true
	assertEquals "status ($ERR)" 125 "$RC"
	assertContains "names the call" "$ERR" "ns-exec: setgid(0): Invalid argument"
	assertContains "says why, and the way round" "$ERR" \
		"hint: 0 is not mapped in this user namespace: keep your own ids (--preserve-credentials)"
	run as_nobody ns-exec -t "$TARGET" -U --preserve-credentials true
	assertEquals "the way round works ($ERR)" 0 "$RC"
	run ns-unshare -U -S 5 true
	assertEquals "ns-unshare -S: status ($ERR)" 125 "$RC"
	assertContains "ns-unshare -S: says why" "$ERR" \
		"hint: 5 is not mapped in this user namespace"
	assertNotContains "ns-unshare has no --preserve-credentials" "$ERR" \
		preserve
}

# --- exit status, signals -----------------------------------------------

test_status_is_the_commands_own() {
	need_root || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-exec -t "$TARGET" -u true
	assertEquals 0 "$RC"
	run ns-exec -t "$TARGET" -u sh -c 'exit 7'
	assertEquals 7 "$RC"
	run ns-exec -t "$TARGET" -u false
	assertEquals 1 "$RC"
}

test_status_125_126_127() {
	need_root || return 0
	local d
	d=$(scratch status)
	defer "rm -rf '$d'"
	printf '#!/bin/sh\necho nsbox-test-ran\n' >"$d/noexec"
	chmod 644 "$d/noexec"
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-exec -t "$TARGET" -u -W "$d/nsbox-test-missing" echo nsbox-test-ran
	assert_error "$d/nsbox-test-missing"
	run ns-exec -t "$TARGET" -u "$d/noexec"
	assertEquals "not executable ($ERR)" 126 "$RC"
	assertContains "$ERR" "$d/noexec"
	run ns-exec -t "$TARGET" -u nsbox-test-no-such-command
	assertEquals "not found ($ERR)" 127 "$RC"
	assertContains "$ERR" nsbox-test-no-such-command
	# A classic operand that is not a namespace file is the command.
	run ns-exec "/proc/$TARGET/ns/uts" "$d/noexec"
	assertEquals "classic non-nsfs operand is run ($ERR)" 126 "$RC"
}

test_signal_of_forked_command_is_reraised() {
	need_root || return 0
	need_cmd perl || return 0
	spawn_child_target ns-unshare -fp sleep 1000 || return
	# perl reports how its child ended: killed by signal 15, not exit 143.
	run perl -e 'system(@ARGV); print $? & 127, " ", $? >> 8' \
		ns-exec -t "$TARGET" -p sh -c 'kill -TERM $$'
	assertEquals "killed by TERM ($ERR)" "15 0" "$OUT"
	run sh -c 'ns-exec "$@"; echo $?' sh -t "$TARGET" -p sh -c 'kill -TERM $$'
	assertEquals "as the shell sees it" 143 "$OUT"
}

test_signal_to_ns_exec_reaches_forked_command() {
	need_root || return 0
	local d
	d=$(scratch forward)
	defer "rm -rf '$d'"
	spawn_child_target ns-unshare -fp sleep 1000 || return
	spawn ns-exec -t "$TARGET" -p sh -c "trap 'touch $d/got; exit 3' TERM
		echo ok >$d/ready; while :; do sleep 0.05; done"
	local nsexec=$SPAWNED rc child
	wait_for_file "$d/ready" || { fail "command did not start"; return; }
	read -r child _ <"/proc/$nsexec/task/$nsexec/children"
	assertEquals "the command is a child in the target's pid ns" \
		"$(ns_inode "$TARGET" pid)" "$(ns_inode "$child" pid)"
	kill -TERM "$nsexec"
	wait "$nsexec"
	rc=$?
	assertTrue "the command got TERM" "[ -e '$d/got' ]"
	assertEquals "its status is ours" 3 "$rc"
}

# --- sessions and terminals ---------------------------------------------

test_setsid_leaves_the_controlling_terminal() {
	need_root || return 0
	need_cmd script || return 0
	local d
	d=$(scratch setsid)
	defer "rm -rf '$d'"
	write_session_probe "$d/probe"
	spawn_target ns-unshare -u sleep 1000 || return
	in_terminal "ns-exec -t $TARGET -u sh $d/probe;
		ns-exec -t $TARGET -u --setsid sh $d/probe"
	assertEquals "$OUT" 0 "$RC"
	set -- $OUT
	assertEquals "two probes: $OUT" 6 $#
	assertNotEquals "control: a controlling terminal" 0 "$3"
	assertNotEquals "control: not a session leader" "$1" "$2"
	assertEquals "--setsid: no controlling terminal" 0 "$6"
	assertEquals "--setsid: its own session" "$4" "$5"
}

test_pty_gives_a_terminal_of_its_own() {
	need_root || return 0
	need_cmd script || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	in_terminal "tty; ns-exec -t $TARGET -u --pty tty"
	assertEquals "$OUT" 0 "$RC"
	set -- $OUT
	assertEquals "two ttys: $OUT" 2 $#
	assertContains "$1" /dev/pts/
	assertContains "$2" /dev/pts/
	assertNotEquals "not the caller's terminal" "$1" "$2"
	run ns-exec -t "$TARGET" -u --pty tty </dev/null
	assertEquals "a terminal even without one here" 0 "$RC"
	assertContains "$OUT" /dev/pts/
}

test_pty_stops_tiocsti_injection() {
	need_root || return 0
	need_cmd script python3 || return 0
	local d got
	d=$(scratch tiocsti)
	defer "rm -rf '$d'"
	cat >"$d/inject.py" <<-'EOF'
		import fcntl, termios
		for c in b"echo nsbox-test-INJECTED\n":
		    fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))
	EOF
	spawn_target ns-unshare -u sleep 1000 || return
	got='read -t 1 l; echo "got=$l"'
	in_terminal "ns-exec -t $TARGET -u --pty python3 $d/inject.py; $got"
	assertEquals "$OUT" 0 "$RC"
	assertContains "$OUT" "got="
	assertNotContains "--pty: nothing reached our terminal" \
		"$(printf '%s\n' "$OUT" | grep '^got=')" nsbox-test-INJECTED
	in_terminal "ns-exec -t $TARGET -u python3 $d/inject.py; $got"
	if [ "$(printf '%s\n' "$OUT" | grep '^got=')" != \
		"got=echo nsbox-test-INJECTED" ]; then
		skip_test "TIOCSTI does not inject here (legacy_tiocsti=$(cat \
			/proc/sys/dev/tty/legacy_tiocsti 2>/dev/null)): $OUT"
	fi
}

test_pty_passes_the_status_through() {
	need_root || return 0
	need_cmd script || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	in_terminal "ns-exec -t $TARGET -u --pty sh -c 'exit 5'"
	assertEquals "under script" 5 "$RC"
	run ns-exec -t "$TARGET" -u --pty sh -c 'exit 5' </dev/null
	assertEquals "without a terminal" 5 "$RC"
}

# When our input ends, the command sees end of input on its terminal, as
# it does under script(1) given the same input: at the start of a line,
# and after a partial one.
test_pty_passes_end_of_input_on() {
	need_root || return 0
	need_cmd script timeout || return 0
	spawn_target ns-unshare -u sh -c 'hostname nsbox-test-pty && exec sleep 1000' || return
	run timeout 10 ns-exec -t "$TARGET" -n -u --pty cat </dev/null
	assertEquals "cat </dev/null ends ($ERR)" 0 "$RC"
	assertEquals "script(1) ends the same" 0 \
		"$(timeout 10 script -qec cat /dev/null </dev/null >/dev/null; echo $?)"
	run timeout 10 sh -c "echo hostname | ns-exec -t $TARGET -u --pty sh"
	assertEquals "sh reading commands ends ($ERR)" 0 "$RC"
	# The name is in no input: only the target's hostname prints it.
	assertContains "it ran in the target's uts namespace" "$OUT" \
		nsbox-test-pty
	run timeout 10 sh -c "printf nsbox-test-partial | ns-exec -t $TARGET -u --pty cat"
	assertEquals "a partial last line ends too ($ERR)" 0 "$RC"
	assertContains "and gets through" "$OUT" nsbox-test-partial
}

# The command ends: so do we, though our input never ends and a process
# it left behind holds its terminal open.
test_pty_ends_with_the_command() {
	need_root || return 0
	need_cmd timeout || return 0
	local d left
	d=$(scratch pty-end)
	defer "rm -rf '$d'"
	mkfifo "$d/in"
	spawn_target ns-unshare -u sleep 1000 || return
	# Read-write: there is always a writer, the input never ends.
	run timeout 10 ns-exec -t "$TARGET" -u --pty \
		sh -c "echo nsbox-test-out; sleep 1000 & echo \$! >$d/left; exit 3" \
		<>"$d/in"
	left=$(cat "$d/left" 2>/dev/null)
	[ -z "$left" ] || kill -KILL "$left" 2>/dev/null
	assertNotEquals "the left-behind sleep was started" "" "$left"
	assertEquals "the command's status, not timeout's ($ERR)" 3 "$RC"
	assertContains "what it wrote got out" "$OUT" nsbox-test-out
}

# --- bad input ----------------------------------------------------------

test_no_namespace_specified() {
	run ns-exec echo nsbox-test-ran
	assert_error "ns-exec: no namespace specified"
	run ns-exec
	assert_error "no namespace specified"
}

# The classic form takes leading operands with a slash as namespace
# files: when none is, the error says why the first was not one.
test_no_namespace_names_the_operand_that_was_not_one() {
	local dir=$TESTDIR/nsbox-test-netns
	mkdir -p "$dir" && : >"$dir/plain"
	run ns-exec "$dir/nsbox-test-typo" echo nsbox-test-ran
	assert_error "ns-exec: no namespace specified ($dir/nsbox-test-typo: No such file or directory)"
	run ns-exec "$dir/plain" echo nsbox-test-ran
	assert_error "ns-exec: no namespace specified ($dir/plain: not a namespace file)"
	run ns-exec "$dir" echo nsbox-test-ran
	assert_error "no namespace specified ($dir: "
}

test_target_that_does_not_exist() {
	need_root || return 0
	local gone
	sleep 0 &
	gone=$!
	wait "$gone"
	run ns-exec -t "$gone" -u echo nsbox-test-ran
	assert_error "$gone"
}

test_target_that_is_not_a_pid() {
	local bad
	for bad in 0 abc -1 12x ''; do
		run ns-exec -t "$bad" -u echo nsbox-test-ran
		assert_error "'$bad'"
	done
}

test_explicit_reference_must_be_a_namespace_file() {
	run ns-exec --uts=/etc/hostname echo nsbox-test-ran
	assert_error /etc/hostname "not a namespace file"
	run ns-exec --uts=/nsbox-test-missing echo nsbox-test-ran
	assert_error /nsbox-test-missing
	run ns-exec -nnsbox-test-no-such-netns echo nsbox-test-ran
	assert_error nsbox-test-no-such-netns
}

test_type_mismatch_names_both_types() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	run ns-exec --net="/proc/$TARGET/ns/uts" echo nsbox-test-ran
	assert_error "/proc/$TARGET/ns/uts" uts net
}

test_target_exiting_before_join_fails_cleanly() {
	need_root || return 0
	local i t ours
	ours=$(readlink /proc/self/ns/net)
	for i in $(seq 1 30); do
		sleep 0.01 &
		t=$!
		run ns-exec -t "$t" -n -u readlink /proc/self/ns/net
		wait "$t"
		case $RC in
		0) assertEquals "joined: theirs is ours" "$ours" "$OUT" ;;
		125) assertContains "names the PID" "$ERR" "$t" ;;
		*) fail "run $i: status $RC: $ERR" ;;
		esac
	done
}

test_unprivileged_on_roots_namespaces_is_refused() {
	need_root || return 0
	spawn_target ns-unshare -u -n sleep 1000 || return
	local t
	for t in net uts; do
		run as_nobody ns-exec -t "$TARGET" "--$t" echo nsbox-test-ran
		assert_error "$t of PID $TARGET"
		# "what failed: strerror": setns(2) itself fails with EPERM.
		if [[ $ERR == *"setns("* ]]; then
			assertContains "setns's own error" "$ERR" \
				"Operation not permitted"
		fi
	done
	run as_nobody ns-exec --net="/proc/$TARGET/ns/net" echo nsbox-test-ran
	assert_error "/proc/$TARGET/ns/net"
}

# --- util-linux nsenter as oracle ---------------------------------------

test_same_namespaces_as_nsenter() {
	need_root || return 0
	need_cmd nsenter || return 0
	spawn_target ns-unshare -u -i -n sleep 1000 || return
	local want
	want=$(nsenter -t "$TARGET" -u -n readlink /proc/self/ns/uts \
		/proc/self/ns/net /proc/self/ns/ipc)
	assertEquals "-u -n" "$want" "$(ns-exec -t "$TARGET" -u -n readlink \
		/proc/self/ns/uts /proc/self/ns/net /proc/self/ns/ipc)"
	assertEquals "the target's" "$(readlink /proc/"$TARGET"/ns/uts)" \
		"$(echo "$want" | head -n 1)"
}

test_same_as_nsenter_for_all() {
	need_root || return 0
	need_cmd nsenter || return 0
	spawn_child_target ns-unshare -a -r -f sleep 1000 || return
	local want
	want=$(ns_inodes nsenter -t "$TARGET" -a)
	assertEquals "$want" "$(ns_inodes ns-exec -t "$TARGET" -a)"
	assertEquals "the target's" "$(pid_inodes "$TARGET")" "$want"
}

test_same_pid_namespace_as_nsenter() {
	need_root || return 0
	need_cmd nsenter || return 0
	spawn_child_target ns-unshare -fp sleep 1000 || return
	local ours theirs
	ours=$(ns-exec -t "$TARGET" -p sh -c 'readlink /proc/self/ns/pid; echo $$')
	theirs=$(nsenter -t "$TARGET" -p sh -c 'readlink /proc/self/ns/pid; echo $$')
	assertEquals "pid ns" "$(echo "$theirs" | head -n 1)" \
		"$(echo "$ours" | head -n 1)"
	assertEquals "the target's" "$(readlink "/proc/$TARGET/ns/pid")" \
		"$(echo "$ours" | head -n 1)"
	assertTrue "both small PIDs: $ours / $theirs" \
		"[ $(echo "$ours" | tail -n 1) -lt 10 ] && [ $(echo "$theirs" | tail -n 1) -lt 10 ]"
}

test_same_status_as_nsenter() {
	need_root || return 0
	need_cmd nsenter || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local cmd
	for cmd in "sh -c 'exit 7'" true nsbox-test-no-such-command; do
		eval "nsenter -t $TARGET -u $cmd" 2>/dev/null
		local want=$?
		eval "run ns-exec -t $TARGET -u $cmd"
		assertEquals "$cmd" "$want" "$RC"
	done
}

# --- the target's cgroup, a socket's namespace, a parent user namespace ---

test_join_cgroup_puts_the_command_in_the_targets_cgroup() {
	need_root || return 0
	local root cg
	root=$(cgroup2_root)
	[ -n "$root" ] || { skip_test "no cgroup2 mount"; return 0; }
	cg=$root/nsbox-test-exec-$$
	mkdir "$cg" || { fail "mkdir $cg"; return; }
	defer "rmdir '$cg'"
	spawn_target sh -c "echo \$\$ >'$cg/cgroup.procs' && exec ns-unshare -u sleep 1000" || return
	assertEquals "the target is in it" "0::/${cg#"$root"/}" \
		"$(grep '^0::' "/proc/$TARGET/cgroup")"
	run ns-exec -t "$TARGET" -u -c cat /proc/self/cgroup
	assertEquals "$ERR" 0 "$RC"
	assertContains "the command is in it too" "$OUT" "0::/${cg#"$root"/}"
	run ns-exec -t "$TARGET" -u cat /proc/self/cgroup
	assertNotContains "not without -c" "$OUT" "nsbox-test-exec-$$"
}

test_net_socket_joins_the_network_namespace_of_a_socket() {
	need_root || return 0
	need_cmd perl || return 0
	local ready=$TESTDIR/nsbox-test-sock-ready ns
	rm -f "$ready"
	# The socket is made in a new network namespace; the process then
	# goes back to ours, so only the socket knows the namespace.
	spawn unshare -n perl -MSocket -e '
		socket(my $s, PF_INET, SOCK_STREAM, 0) or die;
		open(my $f, ">", $ARGV[0]) or die;
		print $f fileno($s), " ", readlink("/proc/self/ns/net"), "\n";
		close($f); sleep 1000' "$ready"
	wait_for_file "$ready" || { fail "socket holder did not start"; return; }
	read -r fd ns <"$ready"
	run ns-exec -t "$SPAWNED" -N "$fd" readlink /proc/self/ns/net
	assertEquals "$ERR" 0 "$RC"
	assertEquals "the socket's namespace" "$ns" "$OUT"
	run ns-exec -t "$SPAWNED" -N 999 true
	assert_error "999"
	run ns-exec -N 3 true
	assert_error "target"
}

test_user_parent_joins_the_parent_of_the_user_namespace() {
	need_root || return 0
	local outer
	spawn_target ns-unshare -r ns-unshare -U sleep 1000 || return
	outer=$(readlink "/proc/$TARGET/ns/user")
	run ns-exec -t "$TARGET" -U --user-parent --preserve-credentials \
		readlink /proc/self/ns/user
	assertEquals "$ERR" 0 "$RC"
	assertNotEquals "not the target's own" "$outer" "$OUT"
	assertNotEquals "not ours" "$(readlink /proc/self/ns/user)" "$OUT"
	run ns-exec -t "$TARGET" --user-parent true
	assert_error "-U"
}

run_suite
