#!/bin/bash
# tests/ns-clone.sh - ns-clone, shown through the kernel: /proc/PID/ns
# inodes, mountinfo, id maps, links and addresses (ip, ping), System V
# queues (ipcs), cgroup membership, nsfs pins; --pidfile and --info-fd
# checked against what the command itself sees.
. "$(dirname "$0")/lib.sh"

NS_TYPES="cgroup ipc mnt net pid time user uts"

# What a command prints for "$SELF_INODES": TYPE INODE, one a line, for
# every type in NS_TYPES (the order perl's sort gives, too).
SELF_INODES='for t in cgroup ipc mnt net pid time user uts; do
	echo "$t $(stat -L -c %i /proc/self/ns/$t)"
done'

# Our mounts under TESTDIR: the only place this file's commands could
# leave one behind (other test files may mount elsewhere meanwhile).
our_mounts() {
	grep -F " $TESTDIR" /proc/self/mountinfo
}

# A host interface name nobody uses yet (at most 15 characters).
new_ifname() {
	local n
	while :; do
		n=nbc$((RANDOM % 1000))$1
		ip link show "$n" >/dev/null 2>&1 || break
	done
	echo "$n"
}

# Is the host link IF gone within about 3 s? A veth whose peer was in a
# namespace that is dying goes away asynchronously.
link_gone() {
	for _ in $(seq 1 150); do
		ip link show "$1" >/dev/null 2>&1 || return 0
		sleep 0.02
	done
	return 1
}

# Wait for the host link IF to appear (a spawned ns-clone made it).
link_appears() {
	for _ in $(seq 1 250); do
		ip link show "$1" >/dev/null 2>&1 && return 0
		sleep 0.02
	done
	return 1
}

# defer_unpin DIR: when the test ends, unmount every pin in DIR and
# remove it (by hand, so a bug in ns-pin cannot leave one behind).
defer_unpin() {
	defer "for f in '$1'/*; do umount -l \"\$f\"; done; rm -rf '$1'"
}

# The objects of an --info-fd file, flattened: "child-pid N", then
# "TYPE INODE" sorted, for the first; "KEY VALUE" for the others. Fails
# on a line that is not one JSON object.
info_of() {
	perl -MJSON::PP -ne '
		my $o = JSON::PP->new->decode($_);
		ref $o eq "HASH" or die "not an object: $_";
		if (exists $o->{"child-pid"}) {
			print "child-pid $o->{q(child-pid)}\n";
			my $n = $o->{namespaces};
			print "$_ $n->{$_}\n" for sort keys %$n;
		} else {
			print "$_ $o->{$_}\n" for sort keys %$o;
		}' "$1"
}

# A minimal root: busybox (static), /bin/sh a link to it, empty /proc
# and /tmp. ROOT is its path.
make_root() {
	ROOT=$(scratch "$1")
	mkdir "$ROOT/bin" "$ROOT/proc" "$ROOT/tmp"
	cp /bin/busybox "$ROOT/bin/busybox"
	ln -s busybox "$ROOT/bin/sh"
}

need_static_busybox() {
	if ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
		skip_test "needs a static /bin/busybox (busybox-static)"
		return 1
	fi
}

# assert_refused WHAT CMD...: status 125, one error line of ns-clone (hint
# lines aside) that names WHAT, nothing run, and no mount left under
# TESTDIR. (One assertion for the lot: shunit2's are slow.)
assert_refused() {
	local what=$1 before lines named=no same=no
	shift
	before=$(our_mounts)
	run "$@"
	lines=$(printf '%s\n' "$ERR" | grep -v '^ns-clone: hint: ' |
		grep -c '^ns-clone: ')
	[[ $ERR == *"$what"* ]] && named=yes
	[ "$before" = "$(our_mounts)" ] && same=yes
	assertEquals "$*: $ERR" \
		"status 125, stdout '', error lines 1, names it yes, mounts same yes" \
		"status $RC, stdout '$OUT', error lines $lines, names it $named,\
 mounts same $same"
}

# --- 1. each seed scenario

# ns-clone gives ns-unshare's propagation hint in a chroot, and the way
# round works.
test_chroot_propagation_hint_and_the_way_round() {
	need_root || return 0
	make_chroot clone-chroot
	run chrooted /nsbox ns-clone -m /nsbox true
	assertEquals "-m in a chroot ($ERR)" 125 "$RC"
	assertContains "$ERR" "hint: / is not a mount point here"
	assertContains "$ERR" "--propagation unchanged"
	run chrooted /nsbox ns-clone -m --propagation unchanged /nsbox --list
	assertEquals "the way round works ($ERR)" 0 "$RC"
}

test_uts_hostname_is_set_inside_only() {
	need_root || return 0
	local before
	before=$(cat /proc/sys/kernel/hostname)
	run ns-clone --hostname box -u hostname
	assertEquals "$ERR" 0 "$RC"
	assertEquals "hostname inside" box "$OUT"
	assertEquals "hostname outside unchanged" "$before" \
		"$(cat /proc/sys/kernel/hostname)"
	run ns-clone --hostname nsbox-test-h --domainname nsbox-test-d sh -c \
		'hostname; cat /proc/sys/kernel/domainname; readlink /proc/self/ns/uts'
	assertEquals "--hostname implies -u: $ERR" "nsbox-test-h
nsbox-test-d" "$(sed -n 1,2p "$TESTDIR/out")"
	assertNotEquals "a new uts ns" "uts:[$(ns_inode $$ uts)]" \
		"$(sed -n 3p "$TESTDIR/out")"
	assertEquals "hostname outside unchanged" "$before" \
		"$(cat /proc/sys/kernel/hostname)"
}

# assert_only_ipc_uts_new OURS THEIRS: of two "TYPE INODE" lists (ours,
# the command's), ipc and uts differ and every other type is the same.
assert_only_ipc_uts_new() {
	assertEquals "only ipc and uts are new" "cgroup same
ipc new
mnt same
net same
pid same
time same
user same
uts new" "$(join <(echo "$1") <(echo "$2") |
		awk '{ print $1, ($2 == $3 ? "same" : "new") }')"
}

test_only_the_asked_types_are_new() {
	need_root || return 0
	local ours
	ours=$(eval "$SELF_INODES")
	run ns-clone -u -i sh -c "$SELF_INODES"
	assertEquals "$ERR" 0 "$RC"
	assert_only_ipc_uts_new "$ours" "$OUT"
}

test_pid_mount_proc_command_is_pid_1_alone() {
	need_root || return 0
	run ns-clone -p --mount-proc sh -c \
		'echo $$; cut -d" " -f1 /proc/self/stat; echo /proc/[0-9]*'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "PID 1, then cut as PID 2, the only ones in /proc" "1
2
/proc/1" "$OUT"
	run ns-clone -p --mount-proc ls /proc
	assertEquals "ls sees only itself" 1 "$(grep '^[0-9]' <<<"$OUT")"
}

test_init_makes_the_command_pid_2_under_nsbox_init() {
	need_root || return 0
	run ns-clone -p --init --mount-proc sh -c \
		'echo $$; cut -d" " -f4 /proc/$$/stat; cat /proc/1/comm; echo /proc/[0-9]*'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "PID 2, child of PID 1 nsbox-init" "2
1
nsbox-init
/proc/1 /proc/2" "$OUT"
}

test_init_reaps_orphans() {
	need_root || return 0
	# Each (sleep &) leaves an orphan that PID 1 adopts and must reap.
	# A zombie may show for a moment between exit and reaping: look
	# again for up to 2 s before calling one left over.
	run ns-clone -p --init --mount-proc sh -c '
		(sleep 0.1 &); (sleep 0.1 &); (sleep 0.1 &)
		sleep 0.4
		n=0
		while :; do
			left=
			for s in /proc/[0-9]*/stat; do
				comm= state=
				read -r pid comm state rest 2>/dev/null <$s
				[ "$state" = Z ] || [ "$comm" = "(sleep)" ] &&
					left="$left $pid$comm$state"
			done
			[ -z "$left" ] || [ $n -ge 40 ] && break
			n=$((n + 1)); sleep 0.05
		done
		echo "left:$left"'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "no zombie, no sleep left" "left:" "$OUT"
}

test_map_root_user_is_root_inside() {
	need_root || return 0
	run ns-clone -U -r sh -c 'id -u; cat /proc/self/uid_map /proc/self/gid_map'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0
0 0 1
0 0 1" "$(map_of <"$TESTDIR/out")"
	run ns-clone -r readlink /proc/self/ns/user
	assertNotEquals "-r alone makes a user ns" "user:[$(ns_inode $$ user)]" "$OUT"
}

test_map_root_user_as_nobody() {
	need_root || return 0
	need_userns || return 0
	run as_nobody ns-clone -U -r sh -c \
		'id -u; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0
0 65534 1
0 65534 1
deny" "$(map_of <"$TESTDIR/out")"
}

test_map_users_range_as_root() {
	need_root || return 0
	run ns-clone --map-users=0:100000:65536 --map-groups=0:100000:65536 \
		cat /proc/self/uid_map /proc/self/gid_map
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0 100000 65536
0 100000 65536" "$(map_of <"$TESTDIR/out")"
}

test_net_has_only_lo_down_or_up_with_lo() {
	need_root || return 0
	need_cmd ip || return 0
	run ns-clone -n ip -o link
	assertEquals "$ERR" 0 "$RC"
	assertEquals "one link" 1 "$(grep -c . <<<"$OUT")"
	assertContains "it is lo" "$OUT" "lo: <LOOPBACK>"
	assertContains "down" "$OUT" "state DOWN"
	run ns-clone -n --lo ip -o link
	assertEquals "$ERR" 0 "$RC"
	assertEquals "one link" 1 "$(grep -c . <<<"$OUT")"
	assertContains "lo up" "$OUT" "LOOPBACK,UP"
	run ns-clone -n --lo ping -c1 -W2 127.0.0.1
	assertEquals "ping 127.0.0.1 inside: $OUT" 0 "$RC"
}

test_lo_as_nobody_in_its_own_user_ns() {
	need_root || return 0
	need_cmd ip || return 0
	need_userns || return 0
	run as_nobody ns-clone -r -n --lo ip -o link show lo
	assertEquals "$ERR" 0 "$RC"
	assertContains "lo up" "$OUT" "LOOPBACK,UP"
}

test_veth_pair_pings_both_ways() {
	need_root || return 0
	need_cmd ip ping || return 0
	local d h k a b
	d=$(scratch veth)
	h=$(new_ifname x)
	# A /30 of 169.254.201.0/24 at random, so that two runs side by side
	# do not share a subnet.
	k=$((RANDOM % 64 * 4))
	a=169.254.201.$((k + 1)) b=169.254.201.$((k + 2))
	# Once the command has pinged the host end it says so and waits
	# for us to ping it back.
	spawn ns-clone --veth "$h:eth0" --addr "$a/30" \
		--peer-addr "$b/30" sh -c "
		ip -o link >$d/links
		ip -o -4 addr show eth0 >$d/addr
		ping -c1 -W3 -I eth0 $a >/dev/null 2>&1 &&
			echo ok >$d/pinged || echo failed >$d/pinged
		i=0
		while [ ! -e $d/done ] && [ \$i -lt 100 ]; do
			sleep 0.05; i=\$((i + 1))
		done"
	defer "ip link del '$h'"
	link_appears "$h" || fail "$h did not appear on the host"
	wait_for_file "$d/pinged" || fail "the command did not ping"
	assertEquals "child -> host" ok "$(cat "$d/pinged")"
	run ip -o -4 addr show "$h"
	assertContains "host end has its address" "$OUT" "$a/30"
	run ip -o link show "$h"
	assertContains "host end is up" "$OUT" ",UP"
	run ping -c1 -W3 -I "$h" "$b"
	assertEquals "host -> child: $OUT" 0 "$RC"
	assertContains "eth0 inside has the peer address" \
		"$(cat "$d/addr")" "$b/30"
	assertEquals "inside: lo and eth0 only" "lo
eth0" "$(awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' "$d/links")"
	touch "$d/done"
	wait "$SPAWNED"
	assertEquals "status" 0 $?
	assertTrue "$h goes with the namespace" "link_gone '$h'"
}

test_ipc_queue_outside_is_invisible_inside() {
	need_root || return 0
	need_cmd ipcmk ipcs ipcrm || return 0
	local id
	id=$(ipcmk -Q | awk '{ print $NF }')
	[ -n "$id" ] || fail "ipcmk -Q"
	defer "ipcrm -q '$id'"
	run ns-clone -i ipcs -q
	assertEquals "$ERR" 0 "$RC"
	assertFalse "queue $id not seen inside" \
		"awk -v id='$id' '\$2 == id { f = 1 } END { exit !f }' <<<\"\$OUT\""
	run ns-clone -u ipcs -q
	assertTrue "queue $id seen without -i" \
		"awk -v id='$id' '\$2 == id { f = 1 } END { exit !f }' <<<\"\$OUT\""
}

test_mount_inside_is_invisible_outside() {
	need_root || return 0
	local d
	d=$(scratch mnt)
	mkdir "$d/sub"
	defer "umount -l '$d/sub'"
	run ns-clone -m sh -c "mount -t tmpfs nsbox-test '$d/sub' &&
		grep -c ' $d/sub ' /proc/self/mountinfo"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "mounted inside" 1 "$OUT"
	assertEquals "invisible outside" "" "$(fstype_at "$d/sub")"
}

test_propagation_shared_lets_a_mount_out() {
	need_root || return 0
	mount_scratch prop-shared shared || fail "bind mount"
	local d=$MNT_DIR
	defer "umount -l '$d/sub'"
	run ns-clone -m --propagation private mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "private: $ERR" "" "$(fstype_at "$d/sub")"
	run ns-clone -m --propagation shared mount -t tmpfs nsbox-test "$d/sub"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "shared: visible outside" tmpfs "$(fstype_at "$d/sub")"
}

test_cgroup_ns_is_rooted_at_the_cgroup() {
	need_root || return 0
	run ns-clone -C cat /proc/self/cgroup
	assertEquals "$ERR" 0 "$RC"
	assertEquals "0::/" "$(grep '^0::' <<<"$OUT")"
	run ns-clone -C readlink /proc/self/ns/cgroup
	assertNotEquals "a new cgroup ns" "cgroup:[$(ns_inode $$ cgroup)]" "$OUT"
}

test_cgroup_dir_starts_the_child_there() {
	need_root || return 0
	local root name dir
	root=$(cgroup2_root)
	[ -n "$root" ] || { skip_test "no cgroup2 mount"; return 0; }
	name=nsbox-test-cg-$$-$RANDOM
	dir=$root/$name
	mkdir "$dir" || fail "mkdir $dir"
	defer "for n in \$(seq 1 50); do rmdir '$dir' && break; sleep 0.05; done"
	run ns-clone --cgroup "$dir" cat /proc/self/cgroup
	assertEquals "$ERR" 0 "$RC"
	assertEquals "in DIR" "0::/$name" "$(grep '^0::' <<<"$OUT")"
	run ns-clone -C --cgroup "$dir" cat /proc/self/cgroup
	assertEquals "with -C, DIR is the root: $ERR" "0::/" \
		"$(grep '^0::' <<<"$OUT")"
	assertEquals "DIR empty once the child is gone" "" \
		"$(cat "$dir/cgroup.procs")"
}

test_rootfs_shows_only_the_new_root() {
	need_root || return 0
	need_static_busybox || return 0
	local before
	make_root rootfs
	before=$(our_mounts)
	run ns-clone --rootfs "$ROOT" -p /bin/sh -c '/bin/busybox ls /'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "only the root's entries" "bin
proc
tmp" "$OUT"
	run ns-clone --rootfs "$ROOT" -p /bin/busybox ls /proc
	assertEquals "$ERR" 0 "$RC"
	assertEquals "PID 1 in the new /proc" 1 "$(grep '^[0-9]' <<<"$OUT")"
	run ns-clone --rootfs "$ROOT" -p /bin/busybox cut -d' ' -f5 \
		/proc/self/mountinfo
	assertEquals "old root detached: only / and /proc: $ERR" "/
/proc" "$OUT"
	assertEquals "host mounts unchanged (--rootfs implies -m)" "$before" \
		"$(our_mounts)"
	run ns-clone --rootfs "$ROOT" /bin/busybox ls /proc
	assertEquals "without -p no proc is mounted: $ERR" "" "$OUT"
}

# --- 2. pins, --info-fd, --pidfile

test_pin_keeps_every_new_namespace() {
	need_root || return 0
	mount_scratch pins private || fail "bind mount"
	local p=$MNT_DIR/pins t f
	defer_unpin "$p"
	run ns-clone -a --hostname nsbox-test-pin --pin "$p" sh -c "$SELF_INODES"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "every type printed" 8 "$(grep -c . <<<"$OUT")"
	# TYPE INODE of each pin, marked when it is not an nsfs mount.
	assertEquals "each pin: an nsfs mount of the command's namespace" \
		"$OUT" "$(for t in $NS_TYPES; do
			# Named as the /proc entry each comes from: the new
			# time namespace is time_for_children until exec.
			f=$p/$t
			[ "$t" = time ] && f=$p/time_for_children
			nsfs_mounted "$f" || echo "$t: not nsfs"
			echo "$t $(stat -L -c %i "$f" 2>/dev/null)"
		done)"
	assertNotEquals "a new uts" "$(ns_inode $$ uts)" "$(stat -L -c %i "$p/uts")"
	run nsenter --uts="$p/uts" hostname
	assertEquals "the pinned uts ns outlived the command" nsbox-test-pin "$OUT"
}

test_info_fd_may_be_stdout() {
	need_root || return 0
	run ns-clone -u --info-fd 1 echo nsbox-test-hi
	assertEquals "$ERR" 0 "$RC"
	assertContains "the command still writes to stdout" "$OUT" nsbox-test-hi
	assertContains "the info objects too" "$OUT" '"exit-code":0'
}

test_rootfs_without_proc_dir_is_refused_for_a_pid_namespace() {
	need_root || return 0
	local d
	d=$(scratch rootfs-noproc)
	run ns-clone -p --rootfs "$d" /bin/sh -c true
	assertEquals 125 "$RC"
	assertContains "$ERR" "proc"
	assertFalse "no proc directory made in $d" "[ -e '$d/proc' ]"
}

test_pin_only_what_was_made() {
	need_root || return 0
	local p
	p=$(scratch pin-some)/pins
	defer_unpin "$p"
	run ns-clone -u -n --pin "$p" true
	assertEquals "$ERR" 0 "$RC"
	assertEquals "net and uts only" "net
uts" "$(ls "$p")"
	assertEquals nsfs "$(fstype_at "$p/net")"
}

test_info_fd_reports_child_and_namespaces_then_the_exit() {
	need_root || return 0
	need_cmd perl || return 0
	local d
	d=$(scratch info)
	run ns-clone -a --info-fd 3 sh -c "$SELF_INODES; exit 5" 3>"$d/info"
	assertEquals "$ERR" 5 "$RC"
	assertEquals "two lines" 2 "$(wc -l <"$d/info")"
	assertTrue "each line one JSON object: $(cat "$d/info")" \
		"info_of '$d/info' >'$d/flat'"
	assertEquals "namespaces as the command saw them" "$OUT" \
		"$(sed -n 2,9p "$d/flat")"
	assertEquals "first the child pid" child-pid \
		"$(sed -n 1p "$d/flat" | cut -d' ' -f1)"
	assertEquals "then the exit" "exit-code 5" "$(sed -n 10p "$d/flat")"
	assertEquals "first key" '{"child-pid":' "$(head -c 13 "$d/info")"
}

test_info_fd_child_pid_is_the_command() {
	need_root || return 0
	need_cmd perl || return 0
	local d
	d=$(scratch info-pid)
	run ns-clone -u --info-fd 3 sh -c 'echo $$; ls /proc/$$/fd' 3>"$d/info"
	assertEquals "$ERR" 0 "$RC"
	info_of "$d/info" >"$d/flat"
	assertEquals "child-pid is the command's PID" \
		"child-pid $(sed -n 1p "$TESTDIR/out")" "$(sed -n 1p "$d/flat")"
	assertFalse "the command does not inherit fd 3" \
		"sed 1d '$TESTDIR/out' | grep -qx 3"
	assertEquals "exit-code 0" "$(tail -n1 "$d/flat")"
}

test_info_fd_reports_a_signal() {
	need_root || return 0
	need_cmd perl || return 0
	local d
	d=$(scratch info-sig)
	# Through sh, so that bash does not report the signal on our output.
	run sh -c '"$@"' sh ns-clone -u --info-fd 3 sh -c 'kill -TERM $$' \
		3>"$d/info"
	assertEquals 143 "$RC"
	assertEquals "exit-signal 15" "$(info_of "$d/info" | tail -n1)"
}

test_pidfile_holds_the_command_while_it_runs() {
	need_root || return 0
	local d f
	d=$(scratch pidfile)
	f=$d/pid
	run ns-clone -u --pidfile "$f" sh -c "echo \$\$; cat '$f'"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "the command's own PID" "$(sed -n 1p "$TESTDIR/out")" \
		"$(sed -n 2p "$TESTDIR/out")"
	assertFalse "removed after ns-clone exits" "[ -e '$f' ]"
	spawn ns-clone -p --pidfile "$f" sh -c "echo ready >$d/ready
		while [ ! -e $d/go ]; do sleep 0.05; done"
	wait_for_file "$d/ready" || fail "the command did not start"
	assertEquals "the child of ns-clone, as seen from here" \
		"$(tr -d ' ' <"/proc/$SPAWNED/task/$SPAWNED/children")" \
		"$(cat "$f")"
	touch "$d/go"
	wait "$SPAWNED"
	assertFalse "removed after ns-clone exits" "[ -e '$f' ]"
}

# A pidfile that is a symlink is replaced, never written through; a
# stale one (and what a killed run left beside it) is replaced too.
test_pidfile_symlink_is_replaced_not_followed() {
	need_root || return 0
	local d
	d=$(scratch pidfile-link)
	echo nsbox-test-victim >"$d/victim"
	ln -s victim "$d/pid"
	echo 1 >"$d/.stale.new"
	echo 999999 >"$d/stale"
	run ns-clone -u --pidfile "$d/pid" \
		sh -c "cat '$d/pid'; test -L '$d/pid' && echo link; true"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "a file of its own with the PID, not a link" "1 0" \
		"$(grep -cxE '[0-9]+' "$TESTDIR/out") $(grep -c link "$TESTDIR/out")"
	assertEquals "the victim as it was" nsbox-test-victim "$(cat "$d/victim")"
	run ns-clone -u --pidfile "$d/stale" sh -c "cat '$d/stale'"
	assertNotEquals "a stale pidfile is replaced" 999999 "$OUT"
	assertFalse "nothing left beside it" "[ -e '$d/.stale.new' ]"
	assertFalse "removed after" "[ -e '$d/stale' ]"
}

# --pin DIR that is a symlink: refused, nothing made through it.
test_pin_dir_symlink_is_refused() {
	need_root || return 0
	local d
	d=$(scratch pin-link)
	mkdir "$d/elsewhere"
	ln -s elsewhere "$d/pins"
	run ns-clone -u --pin "$d/pins" true
	assertEquals "status" 125 "$RC"
	assertEquals "one line" "ns-clone: $d/pins is a symbolic link: a pin \
is never made through one" "$ERR"
	assertEquals "nothing made through it" "" "$(ls -A "$d/elsewhere")"
}

# --- 3. status and signals

test_status_is_passed_through() {
	need_root || return 0
	local d
	d=$(scratch status)
	printf '#!/bin/sh\necho ran\n' >"$d/script"
	chmod 644 "$d/script"
	assertEquals "true" 0 "$(status_of ns-clone -u true)"
	assertEquals "exit 7" 7 "$(status_of ns-clone -u sh -c 'exit 7')"
	assertEquals "own failure" 125 \
		"$(status_of ns-clone -u --wd "$d/nsbox-test-missing" true)"
	run ns-clone -u "$d/script"
	assertEquals "not executable" 126 "$RC"
	assertEquals "did not run" "" "$OUT"
	assertContains "names it" "$ERR" "$d/script"
	run ns-clone -u nsbox-test-no-such-command
	assertEquals "not found" 127 "$RC"
	assertContains "names it" "$ERR" nsbox-test-no-such-command
	run as_nobody ns-clone -r sh -c 'exit 7'
	assertEquals "as nobody with -r: exit 7: $ERR" 7 "$RC"
}

test_signal_that_kills_the_command_is_raised_again() {
	need_root || return 0
	assertEquals 143 "$(status_of ns-clone -u sh -c 'kill -TERM $$')"
	assertEquals "--init reports it" 143 \
		"$(status_of ns-clone -p --init sh -c 'kill -TERM $$')"
}

test_term_to_ns_clone_reaches_the_command() {
	need_root || return 0
	local d opts
	d=$(scratch forward)
	for opts in "-u" "-p --init"; do
		rm -f "$d/ready" "$d/marker"
		# shellcheck disable=SC2086
		spawn ns-clone $opts sh -c "trap 'echo term >$d/marker; exit 3' TERM
			echo ready >$d/ready
			while :; do sleep 0.05; done"
		wait_for_file "$d/ready" || fail "$opts: the command did not start"
		kill -TERM "$SPAWNED"
		wait "$SPAWNED"
		assertEquals "$opts: the command's status" 3 $?
		assertEquals "$opts: the command got TERM" term \
			"$(cat "$d/marker" 2>/dev/null)"
	done
}

test_die_with_parent_kills_the_command_with_us() {
	need_root || return 0
	local child
	spawn ns-clone -u --die-with-parent sleep 100
	child=$(child_running "$SPAWNED" sleep) || fail "no child sleep"
	defer_kill_if "$child" sleep
	kill -KILL "$SPAWNED"
	wait "$SPAWNED" 2>/dev/null
	assertTrue "sleep $child died with ns-clone" "dies_soon '$child'"
}

test_without_die_with_parent_the_command_outlives_us() {
	need_root || return 0
	local child
	spawn ns-clone -u sleep 100
	child=$(child_running "$SPAWNED" sleep) || fail "no child sleep"
	defer_kill_if "$child" sleep
	kill -KILL "$SPAWNED"
	wait "$SPAWNED" 2>/dev/null
	sleep 0.2
	assertEquals "sleep $child still runs" S \
		"$(awk '{ print $3 }' "/proc/$child/stat" 2>/dev/null)"
}

# --- 4. the other options

test_time_offsets_move_the_clocks() {
	need_root || return 0
	[ -e /proc/self/ns/time ] || { skip_test "no time namespaces"; return 0; }
	local out in
	out=$(cut -d' ' -f1 /proc/uptime)
	in=$(ns-clone --boottime 1000 cut -d' ' -f1 /proc/uptime)
	assertTrue "uptime $out outside, $in inside" \
		"awk -v a='$out' -v b='$in' 'BEGIN { d = b - a
			exit !(b != \"\" && d > 995 && d < 1005) }'"
	run ns-clone --monotonic -50 --boottime 1000 cat /proc/self/timens_offsets
	assertEquals "$ERR" "monotonic -50 0
boottime 1000 0" "$(map_of <"$TESTDIR/out")"
	run ns-clone -T readlink /proc/self/ns/time
	assertNotEquals "-T: a new time ns" "time:[$(ns_inode $$ time)]" "$OUT"
}

test_wd_setuid_setgid() {
	need_root || return 0
	run ns-clone -u --wd /tmp pwd
	assertEquals "$ERR" /tmp "$OUT"
	run ns-clone -u -S 65534 -G 65534 sh -c 'id -u; id -g; id -G'
	assertEquals "$ERR" "65534
65534
65534" "$OUT"
}

# --- 5. bad input: 125, one clear line, nothing left behind

test_rootfs_that_is_not_a_directory_is_refused() {
	need_root || return 0
	local d h
	d=$(scratch bad-rootfs)
	h=$(new_ifname x)
	: >"$d/file"
	assert_refused "$d/file" ns-clone --rootfs "$d/file" --veth "$h" \
		--pin "$d/pins" --pidfile "$d/pidfile" true
	assert_refused "$d/missing" ns-clone --rootfs "$d/missing" -p \
		--pin "$d/pins" --pidfile "$d/pidfile" true
	assertEquals "nothing created" file "$(ls "$d")"
	assertFalse "no $h" "ip link show '$h' >/dev/null 2>&1"
}

test_veth_name_taken_is_refused_and_adds_no_link() {
	need_root || return 0
	need_cmd ip || return 0
	local d h before added
	d=$(scratch veth-taken)
	h=$(new_ifname x)
	ip link add "$h" type veth peer name "${h%x}y" || fail "ip link add"
	defer "ip link del '$h'"
	before=$(link_names)
	assert_refused "$h" ns-clone --veth "$h:eth0" --addr 169.254.201.1/24 \
		--pin "$d/pins" --pidfile "$d/pidfile" true
	added=$(comm -13 <(echo "$before") <(link_names))
	assertFalse "no new eth0 or nbc* link: $added" \
		"grep -qE '^(eth0|nbc)' <<<'$added'"
	assertEquals "nothing created" "" "$(ls "$d")"
	run ip -o -4 addr show "$h"
	assertEquals "no address on the existing $h" "" "$OUT"
}

test_veth_failing_after_clone_takes_everything_back() {
	need_root || return 0
	need_cmd ip || return 0
	local d h before
	d=$(scratch veth-undo)
	h=$(new_ifname x)
	defer "ip link del '$h'"
	before=$(our_mounts)
	# lo exists in every new network namespace: the pair cannot be made.
	run ns-clone --veth "$h:lo" --pin "$d/pins" --pidfile "$d/pidfile" true
	assertEquals "$ERR" 125 "$RC"
	assertContains "names the pair" "$ERR" "$h:lo"
	assertTrue "no $h" "link_gone '$h'"
	assertEquals "nothing created" "" "$(ls "$d")"
	assertEquals "mounts unchanged" "$before" "$(our_mounts)"
}

test_child_failing_after_setup_takes_everything_back() {
	need_root || return 0
	need_cmd ip || return 0
	local d h before
	d=$(scratch child-undo)
	h=$(new_ifname x)
	defer "ip link del '$h'"
	defer_unpin "$d/pins"
	before=$(our_mounts)
	# Veth, pins and pidfile are made; then the child cannot chdir.
	run ns-clone -u --veth "$h" --pin "$d/pins" --pidfile "$d/pidfile" \
		--wd "$d/nsbox-test-missing" true
	assertEquals "$ERR" 125 "$RC"
	assertContains "names the dir" "$ERR" "$d/nsbox-test-missing"
	assertTrue "no $h" "link_gone '$h'"
	assertEquals "no pin dir, no pidfile" "" "$(ls "$d")"
	assertEquals "mounts unchanged" "$before" "$(our_mounts)"
	run ns-clone -u --pin "$d/pins" --pidfile "$d/pidfile" \
		nsbox-test-no-such-command
	assertEquals "not found: $ERR" 127 "$RC"
	assertEquals "not found: no pin dir, no pidfile" "" "$(ls "$d")"
	assertEquals "not found: mounts unchanged" "$before" "$(our_mounts)"
}

test_cgroup_dir_missing_is_refused() {
	need_root || return 0
	local d
	d=$(scratch bad-cgroup)
	assert_refused "$d/nsbox-test-missing" ns-clone --cgroup \
		"$d/nsbox-test-missing" --pin "$d/pins" --pidfile "$d/pidfile" true
	assertEquals "nothing created" "" "$(ls "$d")"
}

test_hostname_longer_than_64_is_refused() {
	need_root || return 0
	local d long
	d=$(scratch bad-hostname)
	long=$(printf 'h%.0s' $(seq 1 65))
	assert_refused "$long" ns-clone --hostname "$long" \
		--pin "$d/pins" --pidfile "$d/pidfile" true
	assertEquals "nothing created" "" "$(ls "$d")"
	run ns-clone --hostname "${long:1}" hostname
	assertEquals "64 is allowed: $ERR" "${long:1}" "$OUT"
}

test_map_the_kernel_refuses_leaves_no_pin_dir() {
	need_root || return 0
	need_userns || return 0
	need_cmd newuidmap || return 0
	local d
	d=$(scratch bad-map)
	awk -F: '($1 == "nobody" || $1 == 65534) && $2 <= 100000 &&
		$2 + $3 >= 100010 { f = 1 } END { exit !f }' /etc/subuid 2>/dev/null &&
		{ skip_test "/etc/subuid gives nobody 100000-100009"; return 0; }
	chown 65534:65534 "$d"
	assert_refused "uid map" as_nobody ns-clone --map-users=0:100000:10 \
		--pin "$d/pins" --pidfile "$d/pidfile" true
	assertEquals "nothing created" "" "$(ls "$d")"
}

test_pin_refused_by_the_kernel_leaves_no_pin_dir() {
	need_root || return 0
	need_userns || return 0
	local d
	d=$(scratch bad-pin)
	chown 65534:65534 "$d"
	# Without privilege over the host's mounts the bind fails: the pin
	# directory ns-clone made is taken back.
	assert_refused "$d/pins" as_nobody ns-clone -r -u --pin "$d/pins" \
		--pidfile "$d/pidfile" true
	assertEquals "nothing created" "" "$(ls "$d")"
}

test_mnt_pin_on_a_shared_mount_is_refused_first() {
	need_root || return 0
	mount_scratch pin-shared shared || fail "bind mount"
	local d=$MNT_DIR
	defer_unpin "$d/pins"
	assert_refused shared ns-clone -m -u --pin "$d/pins" \
		--pidfile "$d/pidfile" true
	assertContains "the fix" "$ERR" make-private
	assertEquals "nothing created" sub "$(ls "$d")"
}

test_inconsistent_options_are_refused() {
	need_root || return 0
	local d
	d=$(scratch bad-options)
	assert_refused "-p" ns-clone --init --pin "$d/pins" true
	assert_refused "-n" ns-clone --lo --pin "$d/pins" true
	assert_refused "--veth" ns-clone -n --addr 169.254.201.1/24 true
	assert_refused "nsbox-bad" ns-clone --veth x --addr nsbox-bad true
	assert_refused "--info-fd" ns-clone -u --info-fd 9 true 9>&-
	assert_refused "bogus" ns-clone --propagation bogus true
	assert_refused "maybe" ns-clone --setgroups maybe -U true
	assertEquals "nothing created" "" "$(ls "$d")"
}

test_no_command_is_a_usage_error() {
	run ns-clone -u
	assert_usage_error ns-clone 125 "ns-clone: a COMMAND is needed"
}

# Before Linux 5.3 there is no clone3: ns-clone starts the child with
# clone(2) instead (strace answers clone3 with ENOSYS, as such a kernel
# does), with the flags where this architecture's clone takes them.
test_without_clone3_the_child_is_started_by_clone() {
	need_root || return 0
	need_cmd strace || return 0
	local ours trace=$TESTDIR/clone.trace
	ours=$(eval "$SELF_INODES")
	run strace -f -qq -o "$trace" -e trace=clone,clone3 \
		-e inject=clone3:error=ENOSYS \
		ns-clone -u -i --hostname nsbox-test-old sh -c \
		'hostname; '"$SELF_INODES"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "hostname inside" nsbox-test-old "$(head -n 1 "$TESTDIR/out")"
	assert_only_ipc_uts_new "$ours" "$(sed 1d "$TESTDIR/out")"
	assertTrue "clone(2) was used with the new types: $(cat "$trace")" \
		"grep -qE 'clone\(child_stack=NULL, flags=CLONE_NEWUTS\|CLONE_NEWIPC\|SIGCHLD\)' '$trace'"
}

run_suite
