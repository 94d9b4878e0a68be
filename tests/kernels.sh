#!/bin/bash
# tests/kernels.sh - every applet's main path on the kernels embedded
# boards run (4.19, 5.4, 5.10, 5.15), as as_kernel (lib.sh) fakes them
# with strace: what works there shows through the kernel (inodes,
# /proc/PID/cgroup, /sys/class/net), what cannot fails in one line that
# names the feature and the Linux it needs.
. "$(dirname "$0")/lib.sh"

unset NETNS_RUN_DIR NETNS_ETC_DIR
KERNELS="4.19 5.4 5.10 5.15"

need_strace() {
	need_root && need_cmd strace
}

# A cgroup v2 directory of our own; CGROUP names it, CGROUP_NAME is how
# /proc/PID/cgroup shows it. Removed when the test ends.
make_cgroup() {
	local root
	root=$(cgroup2_root)
	[ -n "$root" ] || { skip_test "no cgroup2 mount"; return 1; }
	CGROUP_NAME=/nsbox-test-kernels-$$-$RANDOM
	CGROUP=$root$CGROUP_NAME
	mkdir "$CGROUP" || { fail "mkdir $CGROUP"; return 1; }
	defer "for n in \$(seq 1 50); do rmdir '$CGROUP' && break; sleep 0.05; done"
}

test_unshare_makes_new_namespaces_on_each_kernel() {
	need_strace || return 0
	local k
	for k in $KERNELS; do
		run as_kernel "$k" ns-unshare -n -u -f -p --mount-proc \
			sh -c 'stat -L -c %i /proc/self/ns/net; echo $$'
		assertEquals "$k: $ERR" 0 "$RC"
		assertNotEquals "$k: a new net" "$(ns_inode $$ net)" \
			"$(sed -n 1p <<<"$OUT")"
		assertEquals "$k: PID 1" 1 "$(sed -n 2p <<<"$OUT")"
	done
}

test_exec_joins_a_target_on_each_kernel() {
	need_strace || return 0
	local k
	spawn_target unshare -n -u sleep 60 || return 0
	for k in $KERNELS; do
		# By the target's pidfd where the kernel takes one (5.8).
		run as_kernel --setns-pidfd "$k" ns-exec -t "$TARGET" -n -u \
			stat -L -c %i /proc/self/ns/net /proc/self/ns/uts
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: joined" "$(ns_inode "$TARGET" net)
$(ns_inode "$TARGET" uts)" "$OUT"
		# The classic form: the type comes from the file.
		run as_kernel "$k" ns-exec "/proc/$TARGET/ns/net" \
			stat -L -c %i /proc/self/ns/net
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: joined by file" "$(ns_inode "$TARGET" net)" \
			"$OUT"
	done
}

test_clone_starts_in_new_namespaces_on_each_kernel() {
	need_strace || return 0
	local k
	for k in $KERNELS; do
		run as_kernel "$k" ns-clone -n -p sh -c \
			'stat -L -c %i /proc/self/ns/net; echo $$'
		assertEquals "$k: $ERR" 0 "$RC"
		assertNotEquals "$k: a new net" "$(ns_inode $$ net)" \
			"$(sed -n 1p <<<"$OUT")"
		assertEquals "$k: PID 1" 1 "$(sed -n 2p <<<"$OUT")"
	done
}

test_clone_starts_in_the_cgroup_on_each_kernel() {
	need_strace || return 0
	make_cgroup || return 0
	local k
	for k in $KERNELS; do
		run as_kernel --cgroup "$k" ns-clone --cgroup "$CGROUP" \
			cat /proc/self/cgroup
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: in DIR" "0::$CGROUP_NAME" \
			"$(grep '^0::' <<<"$OUT")"
		# The cgroup namespace is rooted at DIR, also when it is made
		# after the move.
		run as_kernel --cgroup "$k" ns-clone -C --cgroup "$CGROUP" \
			cat /proc/self/cgroup
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: DIR is the root" "0::/" \
			"$(grep '^0::' <<<"$OUT")"
	done
	assertEquals "DIR empty once the children are gone" "" \
		"$(cat "$CGROUP/cgroup.procs")"
}

# Some kernels and seccomp filters answer the unknown flag with EINVAL.
test_clone_cgroup_refused_with_einval_moves_the_child() {
	need_strace || return 0
	make_cgroup || return 0
	run strace -f -qq -o /dev/null -e inject=clone3:error=EINVAL:when=1 \
		ns-clone -U -r -C --cgroup "$CGROUP" cat /proc/self/cgroup
	assertEquals "$ERR" 0 "$RC"
	assertEquals "DIR is the root" "0::/" "$(grep '^0::' <<<"$OUT")"
}

test_clone_cgroup_move_refused_is_one_line_and_no_child() {
	need_strace || return 0
	need_userns || return 0
	make_cgroup || return 0
	# uid 65534 may not write DIR/cgroup.procs: the kernel refuses
	# clone3 into DIR, and the move without it.
	run as_kernel --cgroup 5.4 "${NOBODY[@]}" ns-clone -U -r --cgroup \
		"$CGROUP" echo started
	assertEquals "$ERR" 125 "$RC"
	assertEquals "the command never ran" "" "$OUT"
	assertEquals "one line" 1 "$(wc -l <"$TESTDIR/err")"
	assertContains "$ERR" "ns-clone: --cgroup: cannot move "
	assertContains "$ERR" " into $CGROUP: Permission denied"
	run as_nobody ns-clone -U -r --cgroup "$CGROUP" echo started
	assertEquals "natively too: $ERR" 125 "$RC"
	assertEquals "the command never ran" "" "$OUT"
	assertEquals "DIR empty" "" "$(cat "$CGROUP/cgroup.procs")"
}

test_pin_keeps_a_namespace_on_each_kernel() {
	need_strace || return 0
	local k d
	d=$(scratch kernels-pin)
	spawn_target unshare -n sleep 60 || return 0
	for k in $KERNELS; do
		run as_kernel "$k" ns-pin -t "$TARGET" -n "$d/net"
		defer "umount -l '$d/net'"
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: pinned" "$(ns_inode "$TARGET" net)" \
			"$(stat -c %i "$d/net")"
		run as_kernel "$k" ns-pin -d "$d/net"
		assertEquals "$k: $ERR" 0 "$RC"
		assertFalse "$k: unpinned" "nsfs_mounted '$d/net'"
		assertFalse "$k: file gone" "[ -e '$d/net' ]"
	done
}

test_netns_add_exec_delete_on_each_kernel() {
	need_strace && need_cmd ip || return 0
	local k name
	for k in $KERNELS; do
		name=nsbox-test-kernels-$$-${k/./-}
		run as_kernel "$k" ns-netns add "$name"
		defer "ip netns delete '$name'"
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: ip sees it" "$(ip netns exec "$name" \
			stat -L -c %i /proc/self/ns/net)" \
			"$(stat -c %i "/run/netns/$name")"
		# /sys shows the namespace's devices, as ip netns exec shows
		# them: before 5.2 (no fsopen) sysfs is mounted the old way.
		run as_kernel "$k" ns-netns exec "$name" ls /sys/class/net
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: its /sys" \
			"$(ip netns exec "$name" ls /sys/class/net)" "$OUT"
		assertEquals "$k: only lo" lo "$OUT"
		run as_kernel "$k" ns-netns delete "$name"
		assertEquals "$k: $ERR" 0 "$RC"
		assertFalse "$k: gone" "[ -e '/run/netns/$name' ]"
	done
}

test_ls_shows_a_target_on_each_kernel() {
	need_strace || return 0
	local k
	spawn_target unshare -n sleep 60 || return 0
	for k in $KERNELS; do
		run as_kernel "$k" ns-ls -p "$TARGET" -t net -n -r -o NS,ONS,PNS
		assertEquals "$k: $ERR" 0 "$RC"
		assertEquals "$k: as lsns" \
			"$(lsns -p "$TARGET" -t net -n -r -o NS,ONS,PNS)" "$OUT"
	done
}

# A kernel without a mount id in statx (before 5.8): ns-pin finds the
# directory it made a mount of its own through fdinfo, and binds it once.
test_mount_id_without_statx_comes_from_fdinfo() {
	need_strace || return 0
	local d i
	d=$(scratch kernels-private)
	spawn_target unshare -n sleep 60 || return 0
	defer "while umount -l '$d' 2>/dev/null; do :; done"
	for i in 1 2; do
		run as_kernel 5.4 ns-pin --make-private -t "$TARGET" -n "$d/net"
		defer "umount -l '$d/net'"
		assertEquals "$i: $ERR" 0 "$RC"
		assertEquals "$i: pinned" "$(ns_inode "$TARGET" net)" \
			"$(stat -c %i "$d/net")"
		ns-pin -d "$d/net"
	done
	assertEquals "one self-bind of the directory" 1 "$(mounts_at "$d")"
}

# Before 4.11 (no NS_GET_NSTYPE): the type comes from the file itself.
test_type_of_a_file_without_ns_get_nstype() {
	need_strace || return 0
	local name=nsbox-test-kernels-$$-type
	spawn_target unshare -n sleep 60 || return 0
	ip netns add "$name" || { fail "ip netns add"; return 0; }
	defer "ip netns delete '$name'"
	run as_kernel 4.10 ns-exec "/proc/$TARGET/ns/net" \
		stat -L -c %i /proc/self/ns/net
	assertEquals "a /proc link: $ERR" 0 "$RC"
	assertEquals "$(ns_inode "$TARGET" net)" "$OUT"
	run as_kernel 4.10 ns-exec "/run/netns/$name" \
		stat -L -c %i /proc/self/ns/net
	assertEquals "a pin: $ERR" 0 "$RC"
	assertEquals "$(stat -c %i "/run/netns/$name")" "$OUT"
	run as_kernel 4.10 ns-netns exec "$name" ls /sys/class/net
	assertEquals "ns-netns exec: $ERR" 0 "$RC"
	assertEquals lo "$OUT"
	run as_kernel 4.10 ns-exec --net=/etc/hostname true
	assertEquals 125 "$RC"
	assertEquals "not nsfs, as on this kernel" \
		"$(ns-exec --net=/etc/hostname true 2>&1)" "$ERR"
}

test_owner_and_parent_need_4_9() {
	need_strace || return 0
	spawn_child_target unshare -U -p -f sleep 60 || return 0
	# lsns shows 0 where the kernel cannot tell.
	run as_kernel 4.10 ns-ls -p "$TARGET" -t user -n -r -o NS,ONS,PNS
	assertEquals "$ERR" 0 "$RC"
	assertEquals "$(ns_inode "$TARGET" user) 0 0" "$OUT"
	run as_kernel 4.10 ns-exec -t "$TARGET" -U --user-parent true
	assertEquals 125 "$RC"
	assertEquals "ns-exec: --user-parent needs Linux 4.9 (NS_GET_PARENT)" \
		"$ERR"
}

# strace cannot hide /proc/PID/ns/time: the unshare a kernel before 5.6
# refuses is refused here.
test_time_namespace_needs_5_6() {
	need_strace || return 0
	local applet
	for applet in ns-unshare ns-clone; do
		run strace -f -qq -o /dev/null -e inject=unshare:error=EINVAL \
			"$applet" -T true
		assertEquals "$applet" 125 "$RC"
		assertEquals "$applet: unshare(time): Invalid argument
$applet: hint: time namespaces need Linux 5.6" "$ERR"
	done
}

run_suite
