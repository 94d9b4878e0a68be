#!/bin/bash
# tests/ns-ls.sh - ns-ls, shown through the kernel (/proc/PID/ns links,
# fds, threads, mountinfo, ioctls) with util-linux lsns as the oracle,
# on namespaces the tests create themselves: other test files may make
# and drop namespaces meanwhile, so whole outputs are never compared.
. "$(dirname "$0")/lib.sh"

NS_TYPES="mnt uts ipc net pid user cgroup time"

# spawn_deep_target CMD...: start CMD, which forks (once or more, each
# time a first child) until a descendant runs sleep; TARGET is that one,
# CHAIN the PIDs from CMD's child down to it. Each is killed when the test
# ends (a PID namespace's init takes its namespace with it).
spawn_deep_target() {
	local i p c seen=" "
	spawn "$@"
	for i in $(seq 1 250); do
		p=$SPAWNED
		CHAIN=()
		while c=$(cat "/proc/$p/task/$p/children" 2>/dev/null) &&
			[ -n "$c" ]; do
			p=${c%% *}
			CHAIN+=("$p")
			if [[ $seen != *" $p "* ]]; then
				seen="$seen$p "
				defer "kill -KILL $p"
			fi
			if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ]; then
				TARGET=$p
				return 0
			fi
		done
		sleep 0.02
	done
	fail "target did not start: $*"
	return 1
}

# oracle ARG...: util-linux lsns. lsns 2.38 now and then fails (status 1,
# no output, no message) when a process it reads exits meanwhile, which
# other tests' processes do: then it is asked again.
oracle() {
	local i out
	for i in 1 2 3 4 5 6 7 8; do
		out=$(lsns "$@" 2>/dev/null) && { printf '%s\n' "$out"; return 0; }
	done
	lsns "$@"
}

# JSON_WALK: perl that calls row() for every namespace of the JSON on
# stdin, those nested in "children" arrays too, parents first.
JSON_WALK='use JSON::PP; local $/; my $d = decode_json(<STDIN>);
	sub walk { for my $r (@_) { row($r); walk(@{$r->{children} // []}) } }
	walk(@{$d->{namespaces}});'

# json_rows KEY... <JSON: each namespace of the JSON, its KEYs
# space-separated (null as -).
json_rows() {
	perl -e "$JSON_WALK"'
		sub row { my $r = shift;
			print join(" ", map { $r->{$_} // "-" } @ARGV), "\n" }' "$@"
}

# json_types <JSON: each namespace as "NS key:TYPE..." (keys sorted; TYPE
# num, str or null, as JSON::PP decoded it).
json_types() {
	perl -MB -e "$JSON_WALK"'
		sub row { my $r = shift;
			print join(" ", $r->{ns}, map {
				my $v = $r->{$_};
				my $f = defined $v ? B::svref_2object(\$v)->FLAGS : 0;
				"$_:" . (!defined $v ? "null" :
				    $f & B::SVf_POK ? "str" :
				    $f & (B::SVf_IOK | B::SVf_NOK) ? "num" : "?")
			} grep { $_ ne "children" } sort keys %$r), "\n";
		}'
}

# line_for INODE TEXT: the lines of TEXT whose first field is INODE.
line_for() {
	local l
	while IFS= read -r l; do
		[[ $l =~ ^[[:space:]]*$1([[:space:]]|$) ]] && printf '%s\n' "$l"
	done <<<"$2"
}

# How many /proc links show the namespace INODE: process ns links
# (pid_for_children too), every thread's, nsfs fds.
ns_links() {
	readlink /proc/[0-9]*/ns/* 2>/dev/null | grep -c ":\[$1\]\$"
}
task_links() {
	readlink /proc/[0-9]*/task/*/ns/* 2>/dev/null | grep -c ":\[$1\]\$"
}
fd_links() {
	readlink /proc/[0-9]*/fd/* 2>/dev/null | grep -c "^[a-z_]*:\[$1\]\$"
}

# settle WANT CMD...: the output of CMD once it is WANT, else its last of
# a few tries. Other tests' ns-ls and lsns runs open every namespace they
# list for a moment (an fd holder while they run): a namespace's holders
# are only exact when no such scan is running.
settle() {
	local want=$1 got i
	shift
	for i in 1 2 3 4 5 6 7 8 9 10; do
		got=$("$@")
		[ "$got" = "$want" ] && break
		sleep 0.1
	done
	printf '%s\n' "$got"
}

# held_facts INODE: how /proc shows the namespace INODE (process, thread
# and fd links) and ns-ls's line for it (status, stderr too).
held_facts() {
	local out rc
	out=$(ns-ls -r -n -o NS,NPROCS,PID,HOLDERS 2>"$TESTDIR/held-err")
	rc=$?
	echo "ns=$(ns_links "$1") task=$(task_links "$1") fd=$(fd_links "$1")" \
		"status=$rc$(cat "$TESTDIR/held-err") | $(line_for "$1" "$out")"
}

# assert_held_only INODE HOLDERS: no process, thread or fd shows the
# namespace INODE unless HOLDERS says so, and ns-ls lists it with NPROCS 0
# and exactly HOLDERS.
assert_held_only() {
	local ino=$1 want=$2 task=0 fd=0 expect
	case $want in
	task:*) task=1 ;;
	fd:*) fd=1 ;;
	esac
	expect="ns=0 task=$task fd=$fd status=0 | $ino 0  $want"
	assertEquals "held only by $want" "$expect" \
		"$(settle "$expect" held_facts "$ino")"
}

# write_once FILE TEXT: TEXT to FILE in a single write(2).
write_once() {
	perl -e 'open(my $f, ">", $ARGV[0]) or die "$ARGV[0]: $!\n";
		syswrite($f, $ARGV[1]) == length($ARGV[1]) or die "$ARGV[0]: $!\n"' \
		"$1" "$2"
}

# The column names ns-ls -H lists, one a line.
column_names() {
	ns-ls -H | awk '{ print $1 }'
}

# --- 1. lsns as the oracle ----------------------------------------------

test_same_as_lsns_for_new_namespaces_of_every_type() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	need_userns || return 0
	local all first user t i ours=() want lsns_rows rows
	# The unshare process is in the new mnt uts ipc net cgroup, its
	# child (sleep) in those and the new pid and time: NPROCS 2 and 1.
	# (unshare 2.38 -f complains when its child is killed: not ours.)
	spawn_deep_target unshare -m -u -i -n -p -f -C -T --mount-proc \
		sleep 1000 2>/dev/null || return
	all=$TARGET
	first=$SPAWNED
	spawn_target "${NOBODY[@]}" unshare -U -r sleep 1000 || return
	user=$TARGET
	for t in $NS_TYPES; do
		if [ "$t" = user ]; then
			i=$(ns_inode "$user" user)
		else
			i=$(ns_inode "$all" "$t")
		fi
		assertNotEquals "precondition: a new $t" "$(ns_inode 2 "$t")" "$i"
		ours+=("$i")
	done
	lsns_rows=$(oracle -J -o NS,TYPE,NPROCS,PID,USER |
		json_rows ns type nprocs pid user)
	rows=$(ns-ls -J -o NS,TYPE,NPROCS,PID,USER |
		json_rows ns type nprocs pid user)
	for i in "${ours[@]}"; do
		want=$(line_for "$i" "$lsns_rows")
		assertNotEquals "lsns lists $i" "" "$want"
		assertEquals "as lsns" "$want" "$(line_for "$i" "$rows")"
	done
	assertEquals "mnt: the unshare and its child" \
		"$(ns_inode "$all" mnt) mnt 2 $first root" \
		"$(line_for "$(ns_inode "$all" mnt)" "$rows")"
	assertEquals "pid: the child only" \
		"$(ns_inode "$all" pid) pid 1 $all root" \
		"$(line_for "$(ns_inode "$all" pid)" "$rows")"
	assertEquals "user: nobody's" \
		"$(ns_inode "$user" user) user 1 $user nobody" \
		"$(line_for "$(ns_inode "$user" user)" "$rows")"
	# The initial namespaces: other tests' processes come and go, so
	# NPROCS may differ; the lowest PID (kthreadd) does not.
	for t in $NS_TYPES; do
		i=$(ns_inode 2 "$t")
		want=$(line_for "$i" "$lsns_rows" | cut -d' ' -f1,2,4)
		assertNotEquals "lsns lists the initial $t" "" "$want"
		assertEquals "initial $t" "$want" \
			"$(line_for "$i" "$rows" | cut -d' ' -f1,2,4)"
	done
}

test_parent_and_owner_as_lsns_for_nested_user_and_pid() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local u1 p1 u2 p2 i want got
	spawn_deep_target unshare -U -r -p -f unshare -U -p -f sleep 1000 \
		2>/dev/null || return
	u1=$(ns_inode "$SPAWNED" user)
	p1=$(ns_inode "${CHAIN[0]}" pid)
	u2=$(ns_inode "$TARGET" user)
	p2=$(ns_inode "$TARGET" pid)
	want=$(oracle -r -n -o NS,PNS,ONS)
	got=$(ns-ls -r -n -o NS,PNS,ONS)
	for i in "$u1" "$p1" "$u2" "$p2"; do
		assertNotEquals "lsns lists $i" "" "$(line_for "$i" "$want")"
		assertEquals "as lsns" "$(line_for "$i" "$want")" \
			"$(line_for "$i" "$got")"
	done
	# And as the kernel built them.
	assertEquals "inner user" "$u2 $u1 $u1" "$(line_for "$u2" "$got")"
	assertEquals "inner pid" "$p2 $p1 $u2" "$(line_for "$p2" "$got")"
	assertEquals "outer pid" "$p1 $(ns_inode 2 pid) $u1" \
		"$(line_for "$p1" "$got")"
}

test_pin_and_ip_netns_are_listed_with_their_mounts() {
	need_root || return 0
	need_cmd unshare ip || return 0
	local d pin name named rows
	d=$(scratch pin)
	defer "rm -rf '$d'"
	touch "$d/net"
	unshare --net="$d/net" true || { fail "cannot pin"; return; }
	defer "umount '$d/net'"
	pin=$(stat -L -c %i "$d/net")
	name=nsbox-test-ls-$$
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	named=$(stat -L -c %i "/run/netns/$name")
	assertNotEquals "precondition: a new net" "$(ns_inode $$ net)" "$pin"
	assertEquals "no process in the pin's" 0 "$(ns_links "$pin")"
	assertEquals "no process in the named" 0 "$(ns_links "$named")"
	# lsns 2.38 lists neither: it only sees namespaces processes are in.
	rows=$(ns-ls -J -o NS,TYPE,NPROCS,PID,NSFS,HOLDERS |
		json_rows ns type nprocs pid nsfs holders)
	assertEquals "the pin" "$pin net 0 - $d/net" \
		"$(line_for "$pin" "$rows" | cut -d' ' -f1-5)"
	assertContains "the pin's holders" \
		",$(line_for "$pin" "$rows" | cut -d' ' -f6)," ",mount:$d/net,"
	assertEquals "the ip netns" "$named net 0 - /run/netns/$name" \
		"$(line_for "$named" "$rows" | cut -d' ' -f1-5)"
	assertContains "the ip netns's holders" \
		",$(line_for "$named" "$rows" | cut -d' ' -f6)," \
		",mount:/run/netns/$name,"
}

# --- 2. namespaces held only one way -----------------------------------

test_held_only_by_a_mount_in_another_mount_namespace() {
	need_root || return 0
	need_cmd unshare || return 0
	local d ino mntns
	d=$(scratch mntpin)
	defer "rm -rf '$d'"
	mkdir "$d/mnt"
	# The pin is on a tmpfs of the target's private mount namespace.
	spawn_target ns-unshare -m sh -c "mount -t tmpfs nsbox-test '$d/mnt' &&
		touch '$d/mnt/f' && unshare --uts='$d/mnt/f' true &&
		exec sleep 1000" || return
	mntns=$(ns_inode "$TARGET" mnt)
	ino=$(stat -L -c %i "/proc/$TARGET/root$d/mnt/f")
	assertNotEquals "precondition: a new uts" "$(ns_inode $$ uts)" "$ino"
	assertNotEquals "precondition: a new mnt" "$(ns_inode $$ mnt)" "$mntns"
	assertFalse "not mounted here" "grep -q ' $d/mnt' /proc/self/mountinfo"
	assert_held_only "$ino" "mount:$d/mnt/f@mnt:$mntns"
	run ns-ls -r -n -o NS,NSFS
	assertEquals "NSFS: no mount point in our mount namespace" "$ino " \
		"$(line_for "$ino" "$OUT")"
}

test_held_only_by_an_open_fd() {
	need_root || return 0
	need_cmd unshare || return 0
	local ino
	# The fd is opened on a short-lived process's uts namespace; that
	# process is killed and reaped, and the holder execs sleep with it.
	spawn_target bash -c 'unshare -u sleep 1000 & p=$!
		for i in $(seq 1 250); do
			[ "$(cat /proc/$p/comm)" = sleep ] && break
			sleep 0.02
		done
		exec 7</proc/$p/ns/uts
		{ kill -KILL $p; wait $p; } 2>/dev/null
		exec sleep 1000' || return
	ino=$(stat -L -c %i "/proc/$TARGET/fd/7")
	assertEquals "precondition: fd 7 is a uts namespace" "uts:[$ino]" \
		"$(readlink "/proc/$TARGET/fd/7")"
	assertNotEquals "precondition: a new uts" "$(ns_inode $$ uts)" "$ino"
	assert_held_only "$ino" fd:1
}

test_held_only_by_a_socket() {
	need_root || return 0
	need_cmd unshare nsenter || return 0
	local ready=$TESTDIR/nsbox-test-sock-ready ino
	rm -f "$ready"
	defer "rm -f '$ready'"
	# A socket made in a new network namespace survives the exec (fds up
	# to $^F are not close-on-exec) of nsenter, which goes back to ours.
	spawn unshare -n perl -MSocket -e '
		$^F = 1000;
		socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
		open(my $f, ">", $ARGV[0]) or die;
		print $f readlink("/proc/self/ns/net"), "\n";
		close($f);
		exec("nsenter", "--net=/proc/$ARGV[1]/ns/net", "sleep", "1000")
			or die "exec: $!"' "$ready" $$
	wait_comm "$SPAWNED" sleep || { fail "socket holder did not start"; return; }
	ino=$(sed -n 's/^net:\[\([0-9]*\)\]$/\1/p' "$ready")
	assertNotEquals "precondition: a new net" "$(ns_inode $$ net)" "$ino"
	assertEquals "precondition: the holder is back in ours" \
		"$(ns_inode $$ net)" "$(ns_inode "$SPAWNED" net)"
	assertTrue "precondition: it has a socket" \
		"readlink /proc/$SPAWNED/fd/* | grep -q '^socket:'"
	assert_held_only "$ino" sock:1
}

test_held_only_by_a_thread() {
	need_root || return 0
	need_cmd cc || return 0
	local d tid ino
	d=$(scratch thread)
	defer "rm -rf '$d'"
	cat >"$d/thread.c" <<-'EOF'
		#define _GNU_SOURCE
		#include <pthread.h>
		#include <sched.h>
		#include <stdio.h>
		#include <sys/syscall.h>
		#include <unistd.h>

		static const char *ready;

		static void *run(void *arg)
		{
			FILE *f;

			(void)arg;
			if (unshare(CLONE_NEWUTS) < 0) {
				perror("unshare");
				_exit(1);
			}
			f = fopen(ready, "w");
			fprintf(f, "%ld\n", (long)syscall(SYS_gettid));
			fclose(f);
			for (;;)
				pause();
		}

		int main(int argc, char **argv)
		{
			pthread_t t;

			ready = argv[1];
			pthread_create(&t, NULL, run, NULL);
			for (;;)
				pause();
		}
	EOF
	cc -pthread -o "$d/thread" "$d/thread.c" ||
		{ fail "cannot compile"; return; }
	spawn "$d/thread" "$d/ready"
	wait_for_file "$d/ready" || { fail "thread did not start"; return; }
	read -r tid <"$d/ready"
	ino=$(stat -L -c %i "/proc/$SPAWNED/task/$tid/ns/uts")
	assertNotEquals "precondition: not the leader's" \
		"$(ns_inode "$SPAWNED" uts)" "$ino"
	assertEquals "precondition: the leader's is ours" \
		"$(ns_inode $$ uts)" "$(ns_inode "$SPAWNED" uts)"
	assert_held_only "$ino" task:1
}

# --- 3. output formats and options --------------------------------------

test_json_has_lsns_keys_and_types() {
	need_root || return 0
	need_cmd lsns ip || return 0
	local name=nsbox-test-ls-json-$$ ino empty id cols want got
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	ip netns add "$name-empty" || { fail "ip netns add $name-empty"; return; }
	defer "ip netns del '$name-empty'"
	ip netns set "$name" auto || { fail "ip netns set $name auto"; return; }
	id=$(ip netns list | awk -v n="$name" '$1 == n { print $3 }' | tr -d ')')
	assertTrue "precondition: an nsid ($id)" "[[ '$id' =~ ^[0-9]+\$ ]]"
	spawn_target nsenter --net="/run/netns/$name" sleep 1000 || return
	ino=$(ns_inode "$TARGET" net)
	empty=$(stat -L -c %i "/run/netns/$name-empty")
	cols=NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS
	want=$(oracle -J -o "$cols" | json_types)
	got=$(ns-ls -J -o "$cols" | json_types)
	assertEquals "keys and types as lsns" "$(line_for "$ino" "$want")" \
		"$(line_for "$ino" "$got")"
	assertEquals "$ino command:str netnsid:str nprocs:num ns:num nsfs:str" \
		"$(line_for "$ino" "$got" | cut -d' ' -f1-6)"
	assertEquals "values as lsns" \
		"$(oracle -J -o "$cols" | json_rows ns netnsid nsfs nprocs pid | grep "^$ino ")" \
		"$(ns-ls -J -o "$cols" | json_rows ns netnsid nsfs nprocs pid | grep "^$ino ")"
	assertEquals "the nsid ip gave it" "$ino $id /run/netns/$name 1 $TARGET" \
		"$(ns-ls -J -o "$cols" | json_rows ns netnsid nsfs nprocs pid | grep "^$ino ")"
	assertEquals "no nsid" "$empty unassigned" \
		"$(ns-ls -J -o NS,NETNSID | json_rows ns netnsid | grep "^$empty ")"
	assertEquals "no process: null" \
		"$empty command:null netnsid:str nprocs:num ns:num nsfs:str ons:num path:str pid:null pns:num ppid:null type:str uid:num user:str" \
		"$(line_for "$empty" "$got")"
	# UID and USER: without a process, the namespace's owner (as lsns).
	assertEquals "no process: the owner" "$empty 0 - 0 root" \
		"$(ns-ls -J -o "$cols" | json_rows ns nprocs pid uid user |
			grep "^$empty ")"
	# The default columns: the same keys as lsns's.
	want=$(oracle -J | json_types)
	got=$(ns-ls -J | json_types)
	assertEquals "default keys and types as lsns" \
		"$(line_for "$ino" "$want")" "$(line_for "$ino" "$got")"
	ns-ls -J --output-all | perl -MJSON::PP -e 'local $/; decode_json(<STDIN>)'
	assertTrue "--output-all parses as JSON" $?
}

test_raw_escapes_blanks_as_lsns() {
	need_root || return 0
	need_cmd lsns || return 0
	local i cols=NS,TYPE,NPROCS,PID,USER,COMMAND want
	spawn_target ns-unshare -u sleep 1000 || return
	i=$(ns_inode "$TARGET" uts)
	want=$(oracle -r -n -o "$cols" | awk -v i="$i" '$1 == i')
	assertEquals "lsns: the command's blank escaped" \
		"$i uts 1 $TARGET root sleep\\x201000" "$want"
	run ns-ls -r -o "$cols"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "as lsns" "$want" "$(line_for "$i" "$OUT")"
	assertEquals "header as lsns" "$(oracle -r -o "$cols" | head -n 1)" \
		"$(printf '%s\n' "$OUT" | head -n 1)"
}

test_noheadings_drops_the_header_only() {
	need_root || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local i
	i=$(ns_inode "$TARGET" uts)
	run ns-ls -l -o NS,TYPE
	assertEquals "a header first" "NS TYPE" "$(echo $(printf '%s\n' "$OUT" | head -n 1))"
	run ns-ls -n -l -o NS,TYPE
	assertEquals "$ERR" 0 "$RC"
	assertEquals "no header" 0 "$(printf '%s\n' "$OUT" | grep -c 'TYPE')"
	assertEquals "the rows stay" "$i uts" "$(echo $(line_for "$i" "$OUT"))"
	run ns-ls -n -r -o NS,TYPE
	assertEquals "raw: no header" 0 "$(printf '%s\n' "$OUT" | grep -c 'TYPE')"
	assertEquals "raw: the rows stay" "$i uts" "$(line_for "$i" "$OUT")"
}

test_noheadings_sizes_columns_by_their_cells_as_lsns_2_40() {
	need_root || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local i
	i=$(ns_inode "$TARGET" uts)
	# Since util-linux 2.40 a headless column is as wide as its widest
	# cell (2.38, Debian 12's lsns, padded to the name), or its least
	# width when a cell is wider than 1: TYPE's is 5, so "uts  ", then
	# NPROCS 1 wide. (Checked against lsns 2.43 by hand: Debian 12 has
	# 2.38, whose "1" would stand under a 6-wide name.)
	run ns-ls -n -o NS,TYPE,NPROCS "$i"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "cells, not names" "$i uts   1" "$OUT"
	spawn_deep_target ns-unshare -u sh -c 'sleep 1000 & wait' || return
	i=$(ns_inode "$TARGET" uts)
	run ns-ls -n -o NPROCS,NS "$i"
	assertEquals "a row per process, NPROCS 1 wide" \
		"$(printf '2 %s\n2 %s' "$i" "$i")" "$OUT"
	# With headings, the names count, as in every lsns.
	assertEquals "headed, as lsns" "$(oracle -o NPROCS,NS,TYPE "$i")" \
		"$(ns-ls -o NPROCS,NS,TYPE "$i")"
}

test_an_empty_last_column_keeps_its_separator_as_lsns() {
	need_root && need_cmd lsns || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local i o
	i=$(ns_inode "$TARGET" uts)
	# libsmartcols writes each line up to where the last column starts.
	for o in NS,NSFS NS,NSFS,NETNSID NS,PATH,NSFS NSFS,NS; do
		assertEquals "$o, as lsns" "$(oracle -o "$o" "$i" | od -c)" \
			"$(ns-ls -o "$o" "$i" | od -c)"
	done
}

test_no_rows_prints_no_header_and_an_empty_json_array() {
	need_root && need_cmd lsns || return 0
	run ns-ls -t uts -Q 'NS == 1'
	assertEquals "$ERR" 0 "$RC"
	assertEquals "nothing, as lsns prints for no rows" "" "$OUT"
	run ns-ls -r -t uts -Q 'NS == 1'
	assertEquals "raw: nothing" "" "$OUT"
	run ns-ls -J -t uts -Q 'NS == 1'
	assertEquals "JSON: an empty array, as lsns -J" \
		"$(oracle -J -t uts -p 999999999)" "$OUT"
}

test_options_may_follow_the_nsid_as_lsns_permutes() {
	need_root && need_cmd lsns || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local i
	i=$(ns_inode "$TARGET" uts)
	run ns-ls "$i" -n -o NS,TYPE
	assertEquals "$ERR" 0 "$RC"
	assertEquals "NSID, then options" "$i uts" "$OUT"
	assertEquals "as lsns" "$(oracle -o NS,TYPE "$i" -n | tr -s ' ')" \
		"$(printf '%s\n' "$OUT" | tr -s ' ')"
	run ns-ls -- "$i" -n
	assertEquals "after --, -n is an operand: status" 1 "$RC"
	assertEquals "after --: the error" "ns-ls: too many arguments" \
		"$(printf '%s\n' "$ERR" | head -n 1)"
	run ns-ls -T parent -t uts
	assertEquals "a detached word is the NSID: status" 1 "$RC"
	assertEquals "as lsns says it" \
		"$(lsns -T parent -t uts 2>&1 | sed 's/^lsns/ns-ls/')" "$ERR"
}

plus_holders_line() {
	line_for "$1" "$(ns-ls -r -o +HOLDERS)"
}

test_plus_holders_adds_to_the_default_columns() {
	need_root || return 0
	spawn_target ns-unshare -u sleep 1000 || return
	local i want
	i=$(ns_inode "$TARGET" uts)
	run ns-ls -r -o +HOLDERS
	assertEquals "$ERR" 0 "$RC"
	assertEquals "header" "NS TYPE NPROCS PID USER COMMAND HOLDERS" \
		"$(printf '%s\n' "$OUT" | head -n 1)"
	want="$i uts 1 $TARGET root sleep\\x201000 proc:1"
	assertEquals "the target's" "$want" \
		"$(settle "$want" plus_holders_line "$i")"
}

test_type_option_repeated_shows_only_those_types() {
	need_root || return 0
	spawn_target ns-unshare -u -n -i sleep 1000 || return
	run ns-ls -r -n -o NS,TYPE -t uts -t net
	assertEquals "$ERR" 0 "$RC"
	assertEquals "only uts and net" "net uts" \
		"$(printf '%s\n' "$OUT" | cut -d' ' -f2 | sort -u | paste -sd' ')"
	assertEquals "its uts" "uts" \
		"$(line_for "$(ns_inode "$TARGET" uts)" "$OUT" | cut -d' ' -f2)"
	assertEquals "its net" "net" \
		"$(line_for "$(ns_inode "$TARGET" net)" "$OUT" | cut -d' ' -f2)"
	assertEquals "not its ipc" "" "$(line_for "$(ns_inode "$TARGET" ipc)" "$OUT")"
	run ns-ls -r -n -o NS,TYPE --type=ipc
	assertEquals "its ipc with --type=ipc" "ipc" \
		"$(line_for "$(ns_inode "$TARGET" ipc)" "$OUT" | cut -d' ' -f2)"
}

test_task_shows_exactly_that_process_namespaces() {
	need_root || return 0
	need_cmd lsns || return 0
	spawn_deep_target ns-unshare -a -r -f sleep 1000 || return
	local want
	want=$(stat -L -c %i /proc/"$TARGET"/ns/* | sort -u)
	assertEquals "precondition: 8 namespaces" 8 "$(echo "$want" | wc -l)"
	run ns-ls -p "$TARGET" -r -n -o NS
	assertEquals "$ERR" 0 "$RC"
	assertEquals "its inodes" "$want" "$(printf '%s\n' "$OUT" | sort)"
	assertEquals "as lsns" "$(oracle -p "$TARGET" -r -n -o NS | sort)" \
		"$(printf '%s\n' "$OUT" | sort)"
	run ns-ls --task "$$" -r -n -o NS
	assertEquals "ours with --task" "$(stat -L -c %i /proc/$$/ns/* | sort -u)" \
		"$(printf '%s\n' "$OUT" | sort)"
}

test_persistent_shows_only_namespaces_without_processes() {
	need_root || return 0
	need_cmd unshare || return 0
	local d pin
	d=$(scratch persistent)
	defer "rm -rf '$d'"
	touch "$d/uts"
	unshare --uts="$d/uts" true || { fail "cannot pin"; return; }
	defer "umount '$d/uts'"
	pin=$(stat -L -c %i "$d/uts")
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-ls -P -r -n -o NS,NPROCS
	assertEquals "$ERR" 0 "$RC"
	assertEquals "every NPROCS is 0" "0" \
		"$(printf '%s\n' "$OUT" | cut -d' ' -f2 | sort -u)"
	assertEquals "the pin" "$pin 0" "$(line_for "$pin" "$OUT")"
	assertEquals "not the target's" "" \
		"$(line_for "$(ns_inode "$TARGET" uts)" "$OUT")"
	assertEquals "not ours" "" "$(line_for "$(ns_inode $$ uts)" "$OUT")"
}

# tree_ascii <TEXT: the tree drawing in one-byte characters (├ + └ `
# ─ - │ |), so positions are the same in any locale.
tree_ascii() {
	sed 's/├/+/g; s/└/`/g; s/─/-/g; s/│/|/g'
}

# text_start LINE: where LINE's text starts after its tree drawing (the
# tree column first), in characters; sets START.
text_start() {
	local re='^((\| |  )*[+`]-)?'
	[[ $1 =~ $re ]]
	START=${#BASH_REMATCH[0]}
}

# under TEXT PARENT CHILD: in TEXT (a tree whose first column is the tree
# column), CHILD's line is drawn as a branch (├─ or └─) one level under
# PARENT's line: below it, inside its subtree, its branch where PARENT's
# text starts. Prints "ok" or what is wrong.
under() {
	local lines p=$2 c=$3 pl= cl= n i re='^((\| |  )*)[+`]-' START
	mapfile -t lines < <(printf '%s\n' "$1" | tree_ascii)
	for i in "${!lines[@]}"; do
		[[ " ${lines[i]} " =~ [\ -]$p\  ]] && pl=$pl${pl:+,}$i
		[[ " ${lines[i]} " =~ [\ -]$c\  ]] && cl=$cl${cl:+,}$i
	done
	[[ $pl =~ ^[0-9]+$ ]] || { echo "not one line for $p: '$pl'"; return; }
	[[ $cl =~ ^[0-9]+$ ]] || { echo "not one line for $c: '$cl'"; return; }
	[ "$cl" -gt "$pl" ] || { echo "$c before $p"; return; }
	text_start "${lines[pl]}"
	n=$START
	[[ ${lines[cl]} =~ $re ]] || { echo "no branch: ${lines[cl]}"; return; }
	[ "${#BASH_REMATCH[1]}" = "$n" ] ||
		{ echo "not one level under: ${lines[cl]}"; return; }
	for ((i = pl + 1; i < cl; i++)); do
		text_start "${lines[i]}"
		[ "$START" -gt "$n" ] ||
			{ echo "outside the subtree: ${lines[i]}"; return; }
	done
	echo ok
}

assert_under() {
	assertEquals "$4" ok "$(under "$1" "$2" "$3")"
}

test_tree_by_owner_parent_and_process() {
	need_root || return 0
	local u uts p1 p2
	spawn_target ns-unshare -r -u sleep 1000 || return
	u=$(ns_inode "$TARGET" user)
	uts=$(ns_inode "$TARGET" uts)
	run ns-ls -T -o NS,TYPE
	assertEquals "$ERR" 0 "$RC"
	assert_under "$OUT" "$u" "$uts" "-T: the uts under its owner"
	assert_under "$OUT" "$(ns_inode 2 user)" "$u" "-T: the user ns under ours"
	run ns-ls --tree=owner -o NS,TYPE
	assert_under "$OUT" "$u" "$uts" "--tree=owner"
	spawn_deep_target ns-unshare -p -f ns-unshare -p -f sleep 1000 || return
	p1=$(ns_inode "${CHAIN[0]}" pid)
	p2=$(ns_inode "$TARGET" pid)
	assertNotEquals "precondition: nested" "$p1" "$p2"
	run ns-ls --tree=parent -o NS,TYPE
	assertEquals "$ERR" 0 "$RC"
	assert_under "$OUT" "$p1" "$p2" "--tree=parent: inner under outer"
	assert_under "$OUT" "$(ns_inode 2 pid)" "$p1" \
		"--tree=parent: outer under ours"
	# By process: see test_process_tree_nests_under_the_parent_pids_line.
}

test_output_all_and_list_columns_show_every_column() {
	need_cmd lsns || return 0
	local names c
	names=$(column_names)
	# Every column lsns 2.38 documents, and ours.
	for c in $(lsns --help | sed -n '/^Available output columns/,$p' |
		awk 'NR > 1 && /^ +[A-Z]+ / { print $1 }') \
		HOLDERS UIDMAP GIDMAP ID; do
		assertContains "-H lists $c" " $(echo $names) " " $c "
	done
	assertTrue "lsns's columns were read" \
		"lsns --help | grep -q '^ *NETNSID '"
	run ns-ls --output-all -r
	assertEquals "$ERR" 0 "$RC"
	assertEquals "--output-all: every column" "$(echo $names)" \
		"$(printf '%s\n' "$OUT" | head -n 1)"
	run ns-ls --output-all -J
	assertEquals "--output-all -J: every key" \
		"$(echo $names | tr 'A-Z' 'a-z')" \
		"$(printf '%s\n' "$OUT" | perl -MJSON::PP -e 'local $/;
			my $d = decode_json(<STDIN>); my $r = $d->{namespaces}[0];
			print join(" ", map { lc } @ARGV), "\n"
				if keys(%$r) == @ARGV && !grep { !exists $r->{lc $_} } @ARGV' $names)"
}

test_id_is_the_kernels_namespace_id() {
	need_root || return 0
	local t i id want
	spawn_deep_target ns-unshare -a -r -f sleep 1000 || return
	run ns-ls -p "$TARGET" -r -n -o NS,ID
	assertEquals "$ERR" 0 "$RC"
	for t in $NS_TYPES; do
		i=$(ns_inode "$TARGET" "$t")
		# NS_GET_ID: _IOR(0xb7, 13, __u64).
		want=$(perl -e 'open(my $f, "<", $ARGV[0]) or die;
			my $b = "\0" x 8; ioctl($f, 0x8008b70d, $b) or die "$!\n";
			print unpack("Q", $b), "\n"' "/proc/$TARGET/ns/$t")
		assertTrue "$t: an id from the kernel ($want)" "[ '${want:-0}' -gt 0 ]"
		assertEquals "$t" "$i $want" "$(line_for "$i" "$OUT")"
	done
	assertEquals "8 different ids" 8 \
		"$(printf '%s\n' "$OUT" | cut -d' ' -f2 | sort -u | grep -c .)"
}

test_uidmap_gidmap_are_the_maps_lines_joined() {
	need_root || return 0
	need_cmd unshare || return 0
	local u want_u want_g
	spawn_target unshare -U sleep 1000 || return
	# A map is written in one write(2).
	write_once "/proc/$TARGET/uid_map" $'0 100000 1000\n1000 200000 10\n' ||
		{ fail "cannot write uid_map"; return; }
	write_once "/proc/$TARGET/gid_map" $'0 300000 5\n' ||
		{ fail "cannot write gid_map"; return; }
	u=$(ns_inode "$TARGET" user)
	want_u=$(map_of <"/proc/$TARGET/uid_map" | paste -sd,)
	want_g=$(map_of <"/proc/$TARGET/gid_map" | paste -sd,)
	assertEquals "precondition: two lines" "0 100000 1000,1000 200000 10" \
		"$want_u"
	run ns-ls -J -o NS,UIDMAP,GIDMAP
	assertEquals "$ERR" 0 "$RC"
	assertEquals "$u|$want_u|$want_g" "$(printf '%s\n' "$OUT" |
		perl -MJSON::PP -e 'local $/; my $d = decode_json(<STDIN>);
		print map { "$_->{ns}|$_->{uidmap}|$_->{gidmap}\n" }
			grep { $_->{ns} == $ARGV[0] } @{$d->{namespaces}}' "$u")"
	run ns-ls -r -n -o NS,UIDMAP -t uts
	assertEquals "only user namespaces have maps" "" \
		"$(printf '%s\n' "$OUT" | awk '$2 != ""')"
}

# --- 4. unprivileged ----------------------------------------------------

test_unprivileged_lists_what_it_can_see_quietly() {
	need_root || return 0
	need_userns || return 0
	local u uts
	spawn_target "${NOBODY[@]}" ns-unshare -r -u sleep 1000 || return
	u=$(ns_inode "$TARGET" user)
	uts=$(ns_inode "$TARGET" uts)
	run as_nobody ns-ls -r -n -o NS,TYPE,NPROCS,PID,USER
	assertEquals "status" 0 "$RC"
	assertEquals "no warnings" "" "$ERR"
	assertEquals "its user namespace" "$u user 1 $TARGET nobody" \
		"$(line_for "$u" "$OUT")"
	assertEquals "its uts namespace" "$uts uts 1 $TARGET nobody" \
		"$(line_for "$uts" "$OUT")"
	run as_nobody ns-ls --output-all
	assertEquals "--output-all: status" 0 "$RC"
	assertEquals "--output-all: no warnings" "" "$ERR"
	run as_nobody ns-ls -J -o +HOLDERS,UIDMAP
	assertEquals "-J: status" 0 "$RC"
	assertEquals "-J: no warnings" "" "$ERR"
}

# --- 5. bad input -------------------------------------------------------

# assert_bad WHAT: status 1, nothing on stdout, one line naming WHAT.
assert_bad() {
	assertEquals "status ($ERR)" 1 "$RC"
	assertEquals "nothing on stdout" "" "$OUT"
	assertEquals "one line: $ERR" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	assertEquals "prefixed: $ERR" "ns-ls: " "${ERR:0:7}"
	assertContains "names $1" "$ERR" "$1"
}

test_bad_input_is_one_error_line_and_status_1() {
	local gone
	run ns-ls -o NOPE
	assert_bad NOPE
	run ns-ls -o NS,NOPE
	assert_bad NOPE
	run ns-ls -t bogus
	assert_bad bogus
	run ns-ls -p abc
	assert_bad abc
	sleep 0 &
	gone=$!
	wait "$gone"
	run ns-ls -p "$gone"
	assert_bad "$gone"
	run ns-ls 999999999999
	assert_bad 999999999999
	run ns-ls nsbox-test-bogus
	assert_bad nsbox-test-bogus
}

test_unknown_option_shows_error_usage_and_try() {
	run ns-ls --nsbox-test-bogus
	assert_usage_error ns-ls 1 \
		"ns-ls: unrecognized option '--nsbox-test-bogus'"
	assertEquals "three lines" 3 "$(wc -l <"$TESTDIR/err")"
}

# --- 6. a reader that stops early ---------------------------------------

test_closed_pipe_is_quiet() {
	local err=$TESTDIR/nsbox-test-pipe-err st
	rm -f "$err"
	defer "rm -f '$err'"
	ns-ls 2>"$err" | head -n 1 >/dev/null
	st=${PIPESTATUS[0]}
	assertTrue "status 0 or 141 ($st)" "[ $st = 0 ] || [ $st = 141 ]"
	assertEquals "quiet" "" "$(cat "$err")"
	(trap '' PIPE; ns-ls 2>"$err" | head -n 1 >/dev/null)
	assertEquals "SIGPIPE ignored: quiet" "" "$(cat "$err")"
	# A pipe whose reader is already gone: the write fails for sure.
	run perl -e 'pipe(my $r, my $w) or die; close($r);
		open(STDOUT, ">&", $w) or die; exec(@ARGV)' ns-ls
	assertTrue "no reader: status 0 or 141 ($RC)" \
		"[ $RC = 0 ] || [ $RC = 141 ]"
	assertEquals "no reader: quiet" "" "$ERR"
	run perl -e '$SIG{PIPE} = "IGNORE"; pipe(my $r, my $w) or die;
		close($r); open(STDOUT, ">&", $w) or die; exec(@ARGV)' ns-ls
	assertEquals "no reader, SIGPIPE ignored: status 0" 0 "$RC"
	assertEquals "no reader, SIGPIPE ignored: quiet" "" "$ERR"
}

# --- 7. the processes of one namespace ---------------------------------

test_nsid_lists_the_processes_in_that_namespace() {
	need_root || return 0
	need_cmd lsns || return 0
	local i want
	# ns-unshare, sleep (PID 1 inside) and its background sleep.
	spawn_deep_target ns-unshare -u -p -f sh -c 'sleep 1000 & exec sleep 1000' ||
		return
	i=$(ns_inode "$TARGET" uts)
	want=$(for p in /proc/[0-9]*; do
		[ "$(stat -L -c %i "$p/ns/uts" 2>/dev/null)" = "$i" ] &&
			echo "${p#/proc/}"
	done | sort -n)
	assertEquals "precondition: three processes" 3 "$(echo "$want" | wc -l)"
	assertContains "precondition: the target" " $(echo $want) " " $TARGET "
	run ns-ls "$i"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "header" "PID PPID USER COMMAND" \
		"$(echo $(printf '%s\n' "$OUT" | head -n 1))"
	assertEquals "its processes" "$want" \
		"$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $1 }' | sort -n)"
	assertEquals "as lsns" "$(oracle -r -n -o PID "$i" | sort -n)" \
		"$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $1 }' | sort -n)"
	# Under its parent, ns-unshare, drawn in COMMAND (as lsns).
	run env LC_ALL=C ns-ls "$i"
	assertEquals "the target's line" \
		"$TARGET $(cut -d' ' -f4 "/proc/$TARGET/stat") root \`-sleep 1000" \
		"$(printf '%s\n' "$OUT" | awk -v p="$TARGET" '$1 == p' | tr -s ' ' |
			sed 's/^ //')"
}

# --- 8. many processes, read on one CPU and on two ----------------------

# spawn_many N: N processes, each asleep in its own uts and ipc
# namespaces; MANY their PIDs.
spawn_many() {
	local i p
	MANY=()
	for i in $(seq 1 "$1"); do
		spawn unshare -u -i sleep 1000
		MANY+=("$SPAWNED")
	done
	for p in "${MANY[@]}"; do
		wait_comm "$p" sleep || { fail "sleeper $p did not start"; return 1; }
	done
}

# many_rows CMD...: the lines of CMD's output (NS TYPE NPROCS PID) for
# the uts and ipc namespaces of MANY, sorted.
many_rows() {
	local p inos=" "
	for p in "${MANY[@]}"; do
		inos="$inos$(ns_inode "$p" uts) $(ns_inode "$p" ipc) "
	done
	"$@" | awk -v inos="$inos" 'index(inos, " " $1 " ")' | sort
}

# traced_looks FILE CMD...: CMD under strace -f, its forks and readlinkat
# calls into FILE; prints how many processes read a namespace link, and
# then how many forks (or clones) were made.
traced_looks() {
	local file=$1
	shift
	strace -f -qq -o "$file" -e trace=fork,vfork,clone,clone3,readlinkat \
		"$@" >/dev/null
	awk '/readlinkat\([0-9]+, "(user|net)"/ { seen[$1] = 1 }
		END { print length(seen) }' "$file"
	grep -cE '^[0-9]+ +(fork|vfork|clone|clone3)\(' "$file"
}

test_many_processes_are_read_on_two_cpus_as_on_one_as_lsns() {
	need_root || return 0
	need_cmd lsns unshare taskset strace nproc || return 0
	[ "$(nproc)" -ge 2 ] || { skip_test "needs two CPUs"; return 0; }
	local cols=(-n -r -t uts -t ipc -o NS,TYPE,NPROCS,PID) want
	# Past the point where ns-ls shares the reading with a helper.
	spawn_many 150 || return
	want=$(many_rows oracle "${cols[@]}")
	assertEquals "precondition: lsns lists 300" 300 "$(echo "$want" | wc -l)"
	assertEquals "two CPUs: as lsns" "$want" "$(many_rows ns-ls "${cols[@]}")"
	assertEquals "one CPU: as lsns" "$want" \
		"$(many_rows taskset -c 0 ns-ls "${cols[@]}")"
	# The reading is shared: two processes read namespace links, one of
	# them forked by ns-ls; on one CPU it reads alone.
	assertEquals "two CPUs: two readers, one fork" "2 1" \
		"$(echo $(traced_looks "$TESTDIR/trace" ns-ls "${cols[@]}"))"
	assertEquals "one CPU: one reader, no fork" "1 0" \
		"$(echo $(traced_looks "$TESTDIR/trace" taskset -c 0 ns-ls \
			"${cols[@]}"))"
	# No helper to be had: ns-ls reads alone, and lists the same.
	assertEquals "fork refused: as lsns" "$want" \
		"$(many_rows strace -f -qq -o /dev/null \
			-e trace=fork,vfork,clone,clone3 \
			-e inject=fork,vfork,clone,clone3:error=EAGAIN \
			ns-ls "${cols[@]}")"
}

# --- 9. printed as lsns prints it ---------------------------------------

# trimmed CMD...: CMD's output without the blanks lsns leaves at the end
# of a line (ns-ls never writes them).
trimmed() {
	"$@" | sed 's/ *$//'
}

test_nsid_with_output_prints_those_columns_of_each_process() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local u want
	spawn_target unshare -U -r sleep 1000 || return
	u=$(ns_inode "$TARGET" user)
	want="$u $(ns_inode $$ user) $(ns_inode $$ user)"
	# util-linux's own test: NS PNS ONS of the namespace, one line once
	# uniq has merged those of its processes (here there is one).
	run ns-ls --type user --noheadings --output NS,PNS,ONS "$u"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "NS PNS ONS" "$want" "$OUT"
	assertEquals "as lsns" "$(oracle --type user --noheadings \
		--output NS,PNS,ONS "$u")" "$OUT"
	assertEquals "+LIST adds to PID PPID USER COMMAND, as lsns" \
		"$(oracle -r -o +NS "$u")" "$(ns-ls -r -o +NS "$u")"
	# -t with NSID: the namespace must be of that type, as lsns.
	run ns-ls -t net -n -o NS "$u"
	assertEquals "another type: status" 1 "$RC"
	assertEquals "another type: the error" \
		"ns-ls: not found namespace: $u" "$ERR"
	assertEquals "another type: nothing on stdout" "" "$OUT"
	assertEquals "another type: lsns fails too" 1 \
		"$(status_of lsns -t net -n -o NS "$u")"
}

# spawn_parent_and_child: a sh in a new uts namespace (SPAWNED, its
# lowest PID) whose child, sleep, is in a new ipc namespace (TARGET);
# UTS and IPC their inodes.
spawn_parent_and_child() {
	local try
	for try in 1 2 3 4 5 6 7 8; do
		spawn_deep_target unshare -u sh -c 'unshare -i sleep 1000; :' ||
			return 1
		UTS=$(ns_inode "$SPAWNED" uts)
		IPC=$(ns_inode "$TARGET" ipc)
		# Lines go in inode order, and the kernel hands out the
		# lowest free inode number: the child's line can nest only
		# when its namespace got the higher one.
		[ "$IPC" -gt "$UTS" ] && break
		kill -KILL "$TARGET" "${CHAIN[@]}" "$SPAWNED" 2>/dev/null
		wait "$SPAWNED" 2>/dev/null
	done
	assertTrue "precondition: the ipc inode above the uts one" \
		"[ '$IPC' -gt '$UTS' ]"
	assertNotEquals "precondition: a new uts" "$(ns_inode $$ uts)" "$UTS"
	assertNotEquals "precondition: a new ipc" "$(ns_inode $$ ipc)" "$IPC"
}

test_process_tree_nests_under_the_parent_pids_line() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local cols=(-r -t uts -t ipc -o NS,COMMAND) uts i
	spawn_parent_and_child || return
	export LC_ALL=C
	defer "unset LC_ALL"
	# The ipc line's PID is the child of the uts line's: under it.
	assertEquals "under its parent's line" "$IPC \`-sleep\\x201000" \
		"$(line_for "$IPC" "$(ns-ls "${cols[@]}")")"
	# A target whose parent (our shell) is no line's PID: no parent,
	# though our shell's uts namespace has a line (kthreadd's).
	spawn_target unshare -u sleep 1000 || return
	uts=$(ns_inode "$TARGET" uts)
	assertEquals "not under another namespace's line" \
		"$uts sleep\\x201000" "$(line_for "$uts" "$(ns-ls "${cols[@]}")")"
	for i in "$UTS" "$IPC" "$uts"; do
		assertEquals "$i as lsns" \
			"$(line_for "$i" "$(oracle "${cols[@]}")")" \
			"$(line_for "$i" "$(ns-ls "${cols[@]}")")"
	done
}

# json_subtree INODE <JSON: the namespace INODE with what is nested
# under it, keys sorted; nothing if it is not in the JSON.
json_subtree() {
	perl -e "$JSON_WALK"'
		sub row { print JSON::PP->new->canonical->encode($_[0]), "\n"
			if $_[0]->{ns} == $ARGV[0] }' "$1"
}

test_json_nests_the_tree_in_children_as_lsns() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local cols=(-J -t uts -t ipc) want got
	spawn_parent_and_child || return
	got=$(ns-ls "${cols[@]}" | json_subtree "$UTS")
	assertContains "the ipc line nested under the uts line" "$got" \
		"\"children\":[{\"command\":\"sleep 1000\",\"nprocs\":1,\"ns\":$IPC,"
	want=$(oracle "${cols[@]}" | json_subtree "$UTS")
	assertEquals "as lsns -J" "$want" "$got"
	# The same bytes as lsns, indentation included.
	assertEquals "as lsns -J, byte for byte" \
		"$(oracle "${cols[@]}" | grep -A16 "\"ns\": $UTS,")" \
		"$(ns-ls "${cols[@]}" | grep -A16 "\"ns\": $UTS,")"
	# -l flattens it, as lsns.
	assertEquals "-J -l: no children" "" \
		"$(ns-ls "${cols[@]}" -l | grep children)"
}

test_output_all_draws_no_tree_unless_asked() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local want got
	spawn_parent_and_child || return
	# lsns's 13 columns come first; ours follow.
	want=$(line_for "$IPC" "$(oracle --output-all -r -t uts -t ipc)")
	got=$(line_for "$IPC" "$(ns-ls --output-all -r -t uts -t ipc)" |
		cut -d' ' -f1-13)
	assertContains "precondition: lsns shows the line" "$want" "sleep"
	assertEquals "as lsns --output-all" "$want" "$got"
	LC_ALL=C run ns-ls --output-all -r -t ipc -t uts --tree=process
	assertContains "--tree=process still draws it" \
		"$(line_for "$IPC" "$OUT")" '`-sleep'
}

test_tree_is_drawn_in_its_column_only() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local u out
	spawn_parent_and_child || return
	spawn_target unshare -U -r sleep 1000 || return
	u=$(ns_inode "$TARGET" user)
	# No COMMAND column: no tree, in any data column.
	assertEquals "NS alone" "$u" "$(line_for "$u" "$(ns-ls -n -o NS -t user)")"
	assertEquals "NS alone, as lsns" \
		"$(line_for "$u" "$(oracle -n -o NS -t user)")" \
		"$(line_for "$u" "$(ns-ls -n -o NS -t user)")"
	out=$(ns-ls -t uts -t ipc -o NS,TYPE)
	assertEquals "no COMMAND: flat" "$IPC ipc" \
		"$(line_for "$IPC" "$out" | tr -s ' ')"
	# -T owner and parent: drawn in NS, left-aligned, as lsns. TYPE is
	# as wide as its name here: lsns 2.40 and later take no least width
	# then (2.38 takes 5, so blanks are squeezed for that oracle).
	out=$(LC_ALL=C ns-ls -T -t user -t uts -o TYPE,NS)
	assertTrue "-T: in NS" \
		"printf '%s\n' \"\$out\" | grep -qE '^user [|\`]-$u\$'"
	assertEquals "-T: the same line as lsns" \
		"$(LC_ALL=C oracle -T -t user -t uts -o TYPE,NS |
			grep -- "-$u\$" | tr -s ' ')" \
		"$(printf '%s\n' "$out" | grep -- "-$u\$")"
	assertEquals "-T without NS: flat" "user" \
		"$(ns-ls -T -r -n -t user -o TYPE,PID |
			awk -v p="$TARGET" '$2 == p { print $1 }')"
}

test_tree_is_ascii_unless_the_locale_is_utf8() {
	need_root || return 0
	need_cmd lsns unshare || return 0
	local cols=(-t uts -t ipc -o NS,COMMAND) env
	locale -a 2>/dev/null | grep -qix 'c.utf-\?8' ||
		{ skip_test "needs the C.UTF-8 locale"; return 0; }
	spawn_parent_and_child || return
	# LC_ALL, else LC_CTYPE, else LANG decides, as setlocale(3).
	for env in "LC_ALL=C LANG=C.UTF-8" "LC_ALL=C.UTF-8" \
		"LC_ALL= LC_CTYPE=C LANG=C.UTF-8" "LC_ALL= LC_CTYPE= LANG=C.UTF-8" \
		"LC_ALL= LC_CTYPE=C.utf8 LANG=C"; do
		assertEquals "$env: as lsns" \
			"$(line_for "$IPC" "$(trimmed env $env lsns "${cols[@]}")")" \
			"$(line_for "$IPC" "$(env $env ns-ls "${cols[@]}")")"
	done
	assertEquals "C: ASCII" "$IPC \`-sleep 1000" \
		"$(line_for "$IPC" "$(env LC_ALL=C ns-ls "${cols[@]}")")"
	assertEquals "C.UTF-8: box drawing" "$IPC └─sleep 1000" \
		"$(line_for "$IPC" "$(env LC_ALL=C.UTF-8 ns-ls "${cols[@]}")")"
}

test_nsfs_shows_each_path_on_a_line_of_its_own() {
	need_root || return 0
	need_cmd lsns ip || return 0
	local name=nsbox-test-ls-nsfs-$$ d ino cols=(-n -t net -o NS,NSFS) opt
	d=$(scratch nsfs)
	defer "rm -rf '$d'"
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	touch "$d/pin"
	mount --bind "/run/netns/$name" "$d/pin" || { fail "bind"; return; }
	defer "umount '$d/pin'"
	# lsns 2.38 lists only namespaces a process is in.
	spawn_target ip netns exec "$name" sleep 1000 || return
	ino=$(ns_inode "$TARGET" net)
	assertEquals "one path a line" \
		"$ino /run/netns/$name
           $d/pin" \
		"$(ns-ls "${cols[@]}" | grep -A1 "^$ino ")"
	assertEquals "as lsns" \
		"$(trimmed oracle "${cols[@]}" | grep -A1 "^$ino ")" \
		"$(ns-ls "${cols[@]}" | grep -A1 "^$ino ")"
	for opt in -W --nowrap -r; do
		assertEquals "$opt: joined by ','" \
			"$ino /run/netns/$name,$d/pin" \
			"$(line_for "$ino" "$(ns-ls "$opt" "${cols[@]}")")"
		assertEquals "$opt: as lsns" \
			"$(line_for "$ino" "$(trimmed oracle "$opt" "${cols[@]}")")" \
			"$(line_for "$ino" "$(ns-ls "$opt" "${cols[@]}")")"
	done
	assertEquals "JSON: joined by \\n, as lsns" \
		"$(oracle -J -t net -o NS,NSFS | grep -F "\"/run/netns/$name\\n")" \
		"$(ns-ls -J -t net -o NS,NSFS | grep -F "\"/run/netns/$name\\n")"
	assertEquals "JSON: the value" "$ino /run/netns/$name
$d/pin" "$(ns-ls -J -t net -o NS,NSFS | json_rows ns nsfs | grep -A1 "^$ino ")"
}

test_held_only_by_an_fd_opened_through_a_deleted_pin() {
	need_root || return 0
	need_cmd ip || return 0
	local name=nsbox-test-ls-fd-$$ ino
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name' 2>/dev/null"
	spawn_target bash -c "exec 9</run/netns/$name &&
		ip netns delete $name && exec sleep 1000" || return
	ino=$(stat -L -c %i "/proc/$TARGET/fd/9")
	assertEquals "precondition: the fd shows no TYPE:[INODE]" / \
		"$(readlink "/proc/$TARGET/fd/9")"
	assertFalse "precondition: unpinned" "[ -e /run/netns/$name ]"
	assertEquals "precondition: no process in it" 0 "$(ns_links "$ino")"
	# As util-linux's test (tests/ts/lsns/filedesc) wants of lsns 2.41
	# and later: net 0 root. lsns 2.38 reads no fds: no oracle here.
	assertEquals "listed, held by the fd" "$ino net 0  root fd:1" \
		"$(line_for "$ino" "$(ns-ls -r -n \
			-o NS,TYPE,NPROCS,PID,USER,HOLDERS)")"
	run ns-ls "$ino"
	assertEquals "NSID: found" 0 "$RC"
	# No process rows, so nothing at all: lsns 2.43 prints no header
	# for an empty table.
	assertEquals "NSID: no process in it, nothing printed" "" "$OUT"
}

run_suite
