#!/bin/bash
# tests/ns-netns.sh - ns-netns, shown through the kernel: namespace inodes,
# /proc/self/mountinfo, links and addresses, with iproute2's ip netns as
# the oracle and as the other side of compatibility.
. "$(dirname "$0")/lib.sh"

unset NETNS_RUN_DIR NETNS_ETC_DIR
RUN=/run/netns
P=nsbox-test-netns-$$		# every name made here starts with this
IFP=nbt$(($$ % 100000))		# and every interface name with this
NET4=169.254.$((200 + $$ % 50))	# a /24 of our own
NET6=fd00:200:0:$(printf %x $(($$ % 65536)))	# a /64 of our own

# --- helpers ------------------------------------------------------------

# new_ns TOOL NAME [ARG]...: make NAME with ns-netns (TOOL ns) or ip netns
# (TOOL ip) and remove it when the test ends.
new_ns() {
	local tool=$1 name=$2
	shift 2
	defer "ip netns del '$name' 2>/dev/null; rm -f '$RUN/$name'"
	if [ "$tool" = ip ]; then
		ip netns add "$name" "$@"
	else
		ns-netns add "$name" "$@"
	fi || { fail "$tool netns add $name $*"; return 1; }
}

# fstypes MOUNTINFO: "MOUNTPOINT FSTYPE SOURCE" for each mount.
fstypes() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") {
		print $5, $(i + 1), $(i + 2); break } }' "$1"
}

# assert_gone NAME: no file and no mount left for NAME.
assert_gone() {
	assertFalse "no file left for $1" "[ -e '$RUN/$1' ]"
	assertEquals "no mount left for $1" 0 "$(mounts_at "$RUN/$1")"
}

# assert_named NAME: NAME is a file with exactly one mount on it, of a
# network namespace that is not ours.
assert_named() {
	assertEquals "one mount on $1" 1 "$(mounts_at "$RUN/$1")"
	assertEquals "an nsfs mount of a network namespace" \
		"net:[$(stat -L -c %i "$RUN/$1")] nsfs" \
		"$(P_AT=$RUN/$1 awk '$5 == ENVIRON["P_AT"] {
			for (i = 7; i <= NF; i++)
				if ($i == "-") print $4, $(i + 1)
		}' /proc/self/mountinfo)"
	assertNotEquals "not ours" "$(ns_inode $$ net)" \
		"$(stat -L -c %i "$RUN/$1")"
}

# assert_refused STATUS WHAT...: failed with STATUS, printed nothing on
# stdout, said why in one line (a hint, or the usage after a misuse, may
# follow) that names each WHAT.
# (One assertion for all of it: shunit2's are slow.)
assert_refused() {
	local want=$1 w lines prefixed=no missing=
	shift
	[[ $ERR == 'ns-netns: '* ]] && prefixed=yes
	lines=$(printf '%s\n' "$ERR" |
		grep -Evc "^(ns-netns: hint: |Usage: |Try 'ns-netns --help')")
	for w in "$@"; do
		[[ $ERR == *"$w"* ]] || missing+=" [$w]"
	done
	assertEquals "refused: $ERR" \
		"status $want; stdout ''; prefixed yes; 1 error line; names all" \
		"status $RC; stdout '$OUT'; prefixed $prefixed; $lines error line; names ${missing:-all}"
}

# json_entry NAME: the object for NAME in the JSON array on stdin, as
# sorted key=value pairs; "INVALID JSON" when it does not parse.
json_entry() {
	perl -MJSON::PP -e '
		my $in = do { local $/; <STDIN> };
		my $j = eval { JSON::PP->new->decode($in) };
		if (!$j) { print "INVALID JSON\n"; exit 0 }
		for my $e (@$j) {
			next unless ($e->{name} // "") eq $ARGV[0];
			print join(",", map { "$_=$e->{$_}" } sort keys %$e),
				"\n";
		}' "$1"
}

# --- compatibility with ip netns, both ways -----------------------------

test_add_is_a_namespace_ip_netns_uses() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-add
	run ns-netns add "$x"
	defer "ip netns del '$x'"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "silent" "" "$OUT$ERR"
	assert_named "$x"
	# Under the mount, as under ip's: an empty file of mode 0 (looked at in
	# a private mount namespace, so the unmount stays there).
	assertEquals "an empty file of mode 0 under the mount" "0 0" \
		"$(unshare -m --propagation private sh -c \
			'umount "$1" && stat -c "%a %s" "$1"' sh "$RUN/$x")"
	assertEquals "ip netns list shows it" "$x" \
		"$(ip netns list | awk -v n="$x" '$1 == n { print $1 }')"
	run ip netns exec "$x" ip -o link
	assertEquals "ip netns exec works ($ERR)" 0 "$RC"
	assertEquals "only lo inside" lo "$(printf '%s\n' "$OUT" |
		awk -F': ' '{ print $2 }')"
	assertEquals "ip netns exec enters it" "$(stat -L -c %i "$RUN/$x")" \
		"$(ip netns exec "$x" stat -L -c %i /proc/self/ns/net)"
	run ip netns del "$x"
	assertEquals "ip netns del takes it ($ERR)" 0 "$RC"
	assert_gone "$x"
}

test_ip_made_namespace_is_entered_identified_and_deleted() {
	need_root || return 0
	need_cmd ip || return 0
	local y=$P-ip ino
	new_ns ip "$y" || return
	ino=$(stat -L -c %i "$RUN/$y")
	assertEquals "exec enters it" "$ino" \
		"$(ns-netns exec "$y" stat -L -c %i /proc/self/ns/net)"
	spawn_target ip netns exec "$y" sleep 1000 || return
	assertEquals "precondition: the sleeper is in it" "$ino" \
		"$(ns_inode "$TARGET" net)"
	run ns-netns identify "$TARGET"
	assertEquals "identify ($ERR)" 0 "$RC"
	assertEquals "identify names it" "$y" "$OUT"
	run ns-netns pids "$y"
	assertEquals "pids ($ERR)" 0 "$RC"
	assertContains "pids lists the sleeper" " $(echo $OUT) " " $TARGET "
	assertEquals "pids agrees with ip netns pids" \
		"$(ip netns pids "$y" | sort -n)" "$(echo "$OUT" | sort -n)"
	run ns-netns del "$y"
	assertEquals "del ($ERR)" 0 "$RC"
	assert_gone "$y"
	assertEquals "ip netns list no longer shows it" "" \
		"$(ip netns list | awk -v n="$y" '$1 == n')"
	assertEquals "the sleeper stays in it" "$ino" \
		"$(ns_inode "$TARGET" net)"
}

test_identify_prints_every_name() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-id x2=$P-id2
	new_ns ns "$x" || return
	spawn_target ns-netns exec "$x" sleep 1000 || return
	run ns-netns attach "$x2" "$TARGET"
	defer "ip netns del '$x2'"
	assertEquals "attach ($ERR)" 0 "$RC"
	assertEquals "the same namespace" "$(stat -L -c %i "$RUN/$x")" \
		"$(stat -L -c %i "$RUN/$x2")"
	run ns-netns identify "$TARGET"
	assertEquals "identify ($ERR)" 0 "$RC"
	assertEquals "both names" "$(printf '%s\n' "$x" "$x2" | sort)" \
		"$(printf '%s\n' "$OUT" | sort)"
	assertEquals "ip netns identify prints only one" 1 \
		"$(ip netns identify "$TARGET" | grep -c .)"
	assertEquals "identify of itself, inside" \
		"$(printf '%s\n' "$x" "$x2" | sort)" \
		"$(ns-netns exec "$x" ns-netns identify | sort)"
}

test_pids_counts_a_process_by_any_thread() {
	need_root || return 0
	need_cmd ip cc || return 0
	local x=$P-thr d tid
	d=$(scratch netns-thread)
	defer "rm -rf '$d'"
	cat >"$d/t.c" <<-'EOF'
		#define _GNU_SOURCE
		#include <fcntl.h>
		#include <pthread.h>
		#include <sched.h>
		#include <stdio.h>
		#include <unistd.h>
		static char **av;
		static void *run(void *a)
		{
			int fd = open(av[1], O_RDONLY);
			FILE *f;
			if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
				_exit(1);
			f = fopen(av[2], "w");
			fprintf(f, "%d\n", gettid());
			fclose(f);
			for (;;)
				pause();
			return a;
		}
		int main(int argc, char **argv)
		{
			pthread_t t;
			av = argv;
			pthread_create(&t, NULL, run, NULL);
			for (;;)
				pause();
		}
	EOF
	cc -o "$d/t" "$d/t.c" -pthread || { fail "cannot compile"; return; }
	new_ns ns "$x" || return
	spawn "$d/t" "$RUN/$x" "$d/tid"
	wait_for_file "$d/tid" || { fail "the thread did not report"; return; }
	read -r tid <"$d/tid"
	assertNotEquals "a thread, not the leader" "$SPAWNED" "$tid"
	assertEquals "the thread is in it" "$(stat -L -c %i "$RUN/$x")" \
		"$(stat -L -c %i "/proc/$SPAWNED/task/$tid/ns/net")"
	assertEquals "the leader is not" "$(ns_inode $$ net)" \
		"$(ns_inode "$SPAWNED" net)"
	run ns-netns pids "$x"
	assertEquals "pids ($ERR)" 0 "$RC"
	assertEquals "the process, once" "$SPAWNED" "$OUT"
	assertEquals "ip netns pids misses it" "" "$(ip netns pids "$x")"
}

# --- add --lo, exec -----------------------------------------------------

test_add_lo_brings_lo_up() {
	need_root || return 0
	need_cmd ip || return 0
	new_ns ns "$P-lo" --lo || return
	new_ns ns "$P-nolo" || return
	assertTrue "--lo: lo is UP: $(ip -n "$P-lo" -o link show lo)" \
		"ip -n '$P-lo' -o link show lo | grep -Eq '[<,]UP[,>]'"
	assertFalse "without: lo is down" \
		"ip -n '$P-nolo' -o link show lo | grep -Eq '[<,]UP[,>]'"
	command -v ping >/dev/null &&
		assertTrue "127.0.0.1 answers inside" \
			"ns-netns exec '$P-lo' ping -c1 -W1 127.0.0.1 \
				>/dev/null"
}

test_exec_sys_shows_the_namespaces_links() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-sys
	new_ns ns "$x" || return
	defer "ip link del '${IFP}s' 2>/dev/null"
	run ns-netns veth "$x" "${IFP}s:${IFP}sp"
	assertEquals "veth ($ERR)" 0 "$RC"
	run ns-netns exec "$x" ls /sys/class/net
	assertEquals "exec ($ERR)" 0 "$RC"
	assertEquals "lo and the peer only" "$(printf '%s\n' lo "${IFP}sp" |
		sort)" "$(printf '%s\n' "$OUT" | sort)"
	assertTrue "here: the host end" "[ -e '/sys/class/net/${IFP}s' ]"
	assertFalse "here: not the peer" "[ -e '/sys/class/net/${IFP}sp' ]"
	assertEquals "as ip netns exec sees it" \
		"$(ip netns exec "$x" ls /sys/class/net | sort)" \
		"$(printf '%s\n' "$OUT" | sort)"
}

test_exec_keeps_the_mounts_under_sys() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-cg d cg2 subs
	fstypes /proc/self/mountinfo >"$TESTDIR/host-mounts"
	subs=$(awk '$1 ~ "^/sys/" { print $1 }' "$TESTDIR/host-mounts")
	[ -n "$subs" ] ||
		{ skip_test "nothing is mounted under /sys"; return 0; }
	cg2=$(awk '$2 == "cgroup2" && $1 ~ "^/sys/" { print $1; exit }' \
		"$TESTDIR/host-mounts")
	new_ns ns "$x" || return
	d=$(scratch netns-cg)
	defer "rm -rf '$d'"
	ns-netns exec "$x" cat /proc/self/mountinfo >"$d/ours" ||
		{ fail "exec"; return; }
	ip netns exec "$x" cat /proc/self/mountinfo >"$d/ip" ||
		{ fail "ip netns exec"; return; }
	fstypes "$d/ours" >"$d/ours-types"
	assertEquals "a sysfs named after the namespace on /sys" \
		"/sys sysfs $x" \
		"$(awk '$1 == "/sys"' "$d/ours-types" | tail -n 1)"
	assertEquals "every mount under /sys is still there" \
		"$(printf '%s\n' "$subs" | sort)" \
		"$(awk '$1 ~ "^/sys/" { print $1 }' "$d/ours-types" | sort)"
	if mountpoint -q /sys/fs/cgroup; then
		assertEquals "/sys/fs/cgroup is mounted inside" 1 \
			"$(mounts_at /sys/fs/cgroup "$d/ours")"
	fi
	if [ -n "$cg2" ]; then
		assertEquals "the cgroup2 mount at $cg2 inside" "$cg2 cgroup2" \
			"$(awk -v p="$cg2" '$1 == p { print $1, $2 }' \
				"$d/ours-types")"
		assertEquals "for contrast: ip netns exec loses $cg2" 0 \
			"$(mounts_at "$cg2" "$d/ip")"
	fi
}

test_exec_binds_etc_netns_files_over_etc() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-etc f=nsbox-test-netns-file-$$ d
	new_ns ns "$x" || return
	echo host >"/etc/$f"
	defer "rm -f '/etc/$f'"
	if [ ! -d /etc/netns ]; then
		mkdir /etc/netns
		defer "rmdir /etc/netns"
	fi
	mkdir "/etc/netns/$x"
	defer "rm -rf '/etc/netns/$x'"
	echo inside >"/etc/netns/$x/$f"
	assertEquals "inside: the namespace's file" inside \
		"$(ns-netns exec "$x" cat "/etc/$f")"
	assertEquals "as ip netns exec does" \
		"$(ip netns exec "$x" cat "/etc/$f")" \
		"$(ns-netns exec "$x" cat "/etc/$f")"
	assertEquals "here: unchanged" host "$(cat "/etc/$f")"
	d=$(scratch netns-etc)
	defer "rm -rf '$d'"
	mkdir "$d/$x"
	echo elsewhere >"$d/$x/$f"
	assertEquals "NETNS_ETC_DIR" elsewhere \
		"$(NETNS_ETC_DIR=$d ns-netns exec "$x" cat "/etc/$f")"
}

test_exec_is_a_slave_mount_namespace() {
	need_root || return 0
	local x=$P-slave z=$P-slave-late group inside
	new_ns ns "$x" || return
	spawn_target ns-netns exec "$x" sleep 1000 || return
	assertNotEquals "a mount namespace of its own" "$(ns_inode $$ mnt)" \
		"$(ns_inode "$TARGET" mnt)"
	group=$(awk -v p="$RUN" '$5 == p' /proc/self/mountinfo | tail -n 1 |
		grep -o 'shared:[0-9]*')
	inside=$(awk -v p="$RUN" '$5 == p' "/proc/$TARGET/mountinfo" |
		tail -n 1)
	if [ -n "$group" ]; then
		assertContains "$RUN is a slave of ours ($group) inside" \
			" $inside " " master:${group#shared:} "
	fi
	new_ns ns "$z" || return
	assertEquals "a name made later shows inside" 1 \
		"$(mounts_at "$RUN/$z" "/proc/$TARGET/mountinfo")"
}

test_exec_status_is_the_commands() {
	need_root || return 0
	local x=$P-status d
	new_ns ns "$x" || return
	d=$(scratch netns-status)
	defer "rm -rf '$d'"
	printf '#!/bin/sh\necho nsbox-test-ran\n' >"$d/noexec"
	chmod 644 "$d/noexec"
	run ns-netns exec "$x" sh -c 'exit 7'
	assertEquals "exit 7" 7 "$RC"
	run ns-netns exec "$x" true
	assertEquals "true" 0 "$RC"
	run sh -c 'ns-netns exec "$1" sh -c "kill -TERM \$\$"; echo $?' sh "$x"
	assertEquals "killed by TERM, as the shell sees it" 143 "$OUT"
	run ns-netns exec "$x" nsbox-test-no-such-command
	assertEquals "not found ($ERR)" 127 "$RC"
	assertContains "$ERR" nsbox-test-no-such-command
	run ns-netns exec "$x" "$d/noexec"
	assertEquals "not executable ($ERR)" 126 "$RC"
	run ns-netns exec "$P-missing" echo nsbox-test-ran
	assert_refused 125 "$P-missing"
	run ns-netns exec "$x"
	assert_refused 125
	run ns-netns exec "a b" echo nsbox-test-ran
	assert_refused 125 "a b"
}

test_exec_runs_the_command_in_place() {
	need_root || return 0
	local x=$P-nofork
	new_ns ns "$x" || return
	# The process we started is the command itself, in the namespace.
	spawn ns-netns exec "$x" sleep 1000
	wait_comm "$SPAWNED" sleep ||
		{ fail "ns-netns did not become sleep"; return; }
	assertEquals "in the namespace" "$(stat -L -c %i "$RUN/$x")" \
		"$(ns_inode "$SPAWNED" net)"
}

test_all_exec_runs_in_each_namespace() {
	need_root || return 0
	local a=$P-all-a b=$P-all-b n
	new_ns ns "$a" || return
	new_ns ns "$b" || return
	run ns-netns -all exec stat -L -c %i /proc/self/ns/net
	for n in "$a" "$b"; do
		assertEquals "a blank line, netns: $n, then its inode" \
			"$(printf '\nnetns: %s\n%s' "$n" \
				"$(stat -L -c %i "$RUN/$n")")" \
			"$(printf '%s\n' "$OUT" | grep -B1 -A1 -x "netns: $n")"
	done
}

# --- nsids, lists -------------------------------------------------------

test_set_list_and_list_id_agree_with_ip() {
	need_root || return 0
	need_cmd ip perl || return 0
	local a=$P-set-a b=$P-set-b c=$P-set-c id=$((1000000 + $$)) n
	new_ns ns "$a" || return
	new_ns ip "$b" || return
	new_ns ns "$c" || return
	run ns-netns set "$a" "$id"
	assertEquals "set ($ERR)" 0 "$RC"
	run ns-netns set "$b" auto
	assertEquals "set auto ($ERR)" 0 "$RC"
	assertEquals "list shows the nsid" "$a (id: $id)" \
		"$(ns-netns list | grep -F "$a")"
	for n in "$a" "$b" "$c"; do
		assertEquals "list: $n as ip netns list" \
			"$(ip netns list | awk -v n="$n" '$1 == n')" \
			"$(ns-netns list | awk -v n="$n" '$1 == n')"
		assertEquals "list -j: $n as ip -j netns list" \
			"$(ip -j netns list | json_entry "$n")" \
			"$(ns-netns list -j | json_entry "$n")"
	done
	assertEquals "list -j: $a" "id=$id,name=$a" \
		"$(ns-netns list --json | json_entry "$a")"
	assertEquals "list -j: $c has no id" "name=$c" \
		"$(ns-netns list -j | json_entry "$c")"
	assertEquals "list-id nsid N as ip" \
		"$(ip netns list-id nsid "$id")" \
		"$(ns-netns list-id nsid "$id")"
	assertEquals "list-id line" "nsid $id (iproute2 netns name: $a)" \
		"$(ns-netns list-id nsid "$id")"
	assertEquals "list-id shows $a as ip does" \
		"$(ip netns list-id | grep -F "name: $a)")" \
		"$(ns-netns list-id | grep -F "name: $a)")"
	assertEquals "list-id shows $b as ip does" \
		"$(ip netns list-id | grep -F "name: $b)")" \
		"$(ns-netns list-id | grep -F "name: $b)")"
	assertEquals "list-id -j as ip -j" \
		"$(ip -j netns list-id | json_entry "$a")" \
		"$(ns-netns list-id -j | json_entry "$a")"
	# An nsid in use is refused, and so is a second one.
	run ns-netns set "$c" "$id"
	assert_refused 1 "$c" "File exists"
	assertEquals "$c got none" "$c" "$(ns-netns list | grep -F "$c")"
	run ns-netns set "$a" $((id + 1))
	assert_refused 1 "$a"
	assertEquals "$a kept its nsid" "$a (id: $id)" \
		"$(ns-netns list | grep -F "$a")"
	run ns-netns set "$a" nsbox-test-x
	assert_refused 1 nsbox-test-x
}

# nsids belong to the namespace that asks: in a new one, none has an id
# until it is set there; list matches ip netns list either way.
test_list_in_a_namespace_with_few_nsids_matches_ip() {
	need_root || return 0
	need_cmd ip unshare || return 0
	local a=$P-few-a b=$P-few-b c=$P-few-c
	new_ns ns "$a" || return
	new_ns ns "$b" || return
	new_ns ns "$c" || return
	assertEquals "no nsid in a new namespace" \
		"$(unshare -n ip netns list | grep -F "$P-few-" | sort)" \
		"$(ns-unshare -n ns-netns list | grep -F "$P-few-" | sort)"
	assertEquals "names without ids" "$a
$b
$c" "$(ns-unshare -n ns-netns list | grep -F "$P-few-" | sort)"
	assertEquals "one nsid set in there" \
		"$(unshare -n sh -c "ip netns set '$b' 7 && ip netns list" |
			grep -F "$P-few-" | sort)" \
		"$(ns-unshare -n sh -c "ns-netns set '$b' 7 && ns-netns list" |
			grep -F "$P-few-" | sort)"
	assertContains "$(ns-unshare -n sh -c "ns-netns set '$b' 7 &&
		ns-netns list")" "$b (id: 7)"
}

test_list_json_is_valid_for_every_allowed_name() {
	need_root || return 0
	need_cmd ip perl || return 0
	local q="$P-q\"uote" s="$P-back\\slash" n
	new_ns ns "$q" || return
	new_ns ns "$s" || return
	for n in "$q" "$s"; do
		assertEquals "list -j: $n" "name=$n" \
			"$(ns-netns list -j | json_entry "$n")"
		assertEquals "as ip -j netns list" \
			"$(ip -j netns list | json_entry "$n")" \
			"$(ns-netns list -j | json_entry "$n")"
	done
}

# --- veth ---------------------------------------------------------------

test_veth_ipv4_pings_both_ways() {
	need_root || return 0
	need_cmd ip ping || return 0
	local x=$P-v4 h=${IFP}h4 p=${IFP}p4
	new_ns ns "$x" || return
	defer "ip link del '$h' 2>/dev/null"
	run ns-netns veth "$x" "$h:$p" --addr "$NET4.1/24" \
		--peer-addr "$NET4.2/24"
	assertEquals "veth ($ERR)" 0 "$RC"
	assertEquals "silent" "" "$OUT$ERR"
	assertContains "the host end has its address" \
		"$(ip -o addr show dev "$h")" "inet $NET4.1/24"
	assertContains "the peer has its address" \
		"$(ip -n "$x" -o addr show dev "$p")" "inet $NET4.2/24"
	assertTrue "host end UP" "ip -o link show '$h' | grep -Eq '[<,]UP[,>]'"
	assertTrue "peer UP" "ip -n '$x' -o link show '$p' | grep -Eq '[<,]UP[,>]'"
	assertTrue "lo UP inside" \
		"ip -n '$x' -o link show lo | grep -Eq '[<,]UP[,>]'"
	assertTrue "host -> peer" "ping -c1 -W1 $NET4.2 >/dev/null"
	assertTrue "peer -> host" \
		"ip netns exec '$x' ping -c1 -W1 $NET4.1 >/dev/null"
	assertTrue "peer -> host, through exec" \
		"ns-netns exec '$x' ping -c1 -W1 $NET4.1 >/dev/null"
}

test_veth_ipv6_pings_both_ways_without_dad() {
	need_root || return 0
	need_cmd ip ping || return 0
	local x=$P-v6 h=${IFP}h6 p=${IFP}p6
	new_ns ns "$x" || return
	defer "ip link del '$h' 2>/dev/null"
	run ns-netns veth "$x" "$h:$p" --addr "$NET6::1/64" \
		--peer-addr "$NET6::2/64"
	assertEquals "veth ($ERR)" 0 "$RC"
	assertContains "the host end, no DAD" "$(ip -o addr show dev "$h")" \
		"inet6 $NET6::1/64 scope global nodad"
	assertContains "the peer, no DAD" "$(ip -n "$x" -o addr show dev "$p")" \
		"inet6 $NET6::2/64 scope global nodad"
	assertTrue "host -> peer" "ping -6 -c1 -W2 $NET6::2 >/dev/null"
	assertTrue "peer -> host" \
		"ip netns exec '$x' ping -6 -c1 -W2 $NET6::1 >/dev/null"
}

# In a chroot into a directory / cannot be made a slave, which ip netns
# exec's view needs (ip fails there too): we say why and name the way
# round, and the way round reaches the same namespace.
test_exec_in_a_chroot_names_the_way_round() {
	need_root || return 0
	local x=$P-chroot
	new_ns ns "$x" || return
	make_chroot netns-chroot
	run chrooted --bind "$RUN" /nsbox ns-netns exec "$x" /nsbox true
	assert_refused 125 "slave" "ns-exec --net=$x COMMAND"
	run chrooted --bind "$RUN" /nsbox ns-exec --net="$x" \
		/nsbox ns-netns identify
	assertEquals "the way round ($ERR)" 0 "$RC"
	assertEquals "it is in $x" "$x" "$OUT"
}

# The 15-byte limit is the kernel's: ip is refused a 16-byte name there,
# and we refuse it before anything is made, naming it and the limit.
test_veth_name_limit_is_the_kernels() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-lim long=${IFP}xxxxxxxxxxxxxxx before
	long=${long:0:16}
	local ok=${long:0:15}
	new_ns ns "$x" || return
	defer "ip link del '$ok' 2>/dev/null"
	assertFalse "the kernel refuses 16 bytes" \
		"ip link add name '$long' type veth peer name '${IFP}k' 2>/dev/null"
	before=$(link_names)
	run ns-netns veth "$x" "$long:${IFP}k"
	assert_refused 1 "\"$long\"" "16 bytes" "(15)"
	assertEquals "no new link here" "$before" "$(link_names)"
	run ns-netns veth "$x" "${IFP}k:$long"
	assert_refused 1 "\"$long\"" "(15)"
	run ns-netns veth "$x" "$ok:${IFP}k"
	assertEquals "15 bytes are taken ($ERR)" 0 "$RC"
	assertEquals "the kernel has it by that name" "$ok" \
		"$(ip -o link show dev "$ok" | sed -n 's/^[0-9]*: \([^@:]*\).*/\1/p')"
}

test_veth_default_names() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-def h=${IFP}d before
	new_ns ns "$x" || return
	defer "ip link del '$h' 2>/dev/null"
	run ns-netns veth "$x" "$h"
	assertEquals "veth ($ERR)" 0 "$RC"
	assertEquals "PEERIF is eth0" "$(printf '%s\n' eth0 lo)" \
		"$(link_names -n "$x")"
	# HOSTIF ve-NAME needs a NAME of 11 bytes at most.
	before=$(link_names)
	run ns-netns veth "$x"
	assert_refused 1 "$x" HOSTIF
	assertEquals "no new link here" "$before" "$(link_names)"
	x=nsbox-test-
	[ ! -e "$RUN/$x" ] || { skip_test "$RUN/$x exists"; return 0; }
	! ip link show ve-$x >/dev/null 2>&1 ||
		{ skip_test "ve-$x exists"; return 0; }
	new_ns ns "$x" || return
	defer "ip link del 've-$x' 2>/dev/null"
	run ns-netns veth "$x"
	assertEquals "veth with both defaults ($ERR)" 0 "$RC"
	assertTrue "HOSTIF is ve-NAME" "ip link show 've-$x' >/dev/null"
	assertEquals "its peer is eth0 in $x" "$(printf '%s\n' eth0 lo)" \
		"$(link_names -n "$x")"
}

test_veth_with_a_taken_name_leaves_no_link() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-taken h=${IFP}t before inside
	new_ns ns "$x" || return
	defer "ip link del '$h' 2>/dev/null; ip link del '${h}2' 2>/dev/null"
	run ns-netns veth "$x" "$h:${h}p"
	assertEquals "first veth ($ERR)" 0 "$RC"
	before=$(link_names)
	inside=$(link_names -n "$x")
	run ns-netns veth "$x" "$h:${h}q"
	assert_refused 1 "$h"
	assertEquals "no new link here" "$before" "$(link_names)"
	assertEquals "no new link inside" "$inside" "$(link_names -n "$x")"
	run ns-netns veth "$x" "${h}2:${h}p"
	assert_refused 1 "${h}2"
	assertEquals "peer name taken: no new link here" "$before" \
		"$(link_names)"
	assertEquals "peer name taken: none inside" "$inside" \
		"$(link_names -n "$x")"
	run ns-netns veth "$x" "${h}3:${h}r" --addr 169.254.300.1/24
	assert_refused 1 169.254.300.1/24
	assertEquals "bad address: no new link" "$before" "$(link_names)"
}

test_veth_removes_the_pair_when_a_later_step_fails() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-undo h=${IFP}u before
	new_ns ns "$x" || return
	defer "ip link del '$h' 2>/dev/null"
	ns-netns exec "$x" sh -c 'for f in all default; do
		echo 1 >/proc/sys/net/ipv6/conf/$f/disable_ipv6; done' ||
		{ fail "cannot disable IPv6 in $x"; return; }
	before=$(link_names)
	run ns-netns veth "$x" "$h:${h}p" --addr "$NET4.1/24" \
		--peer-addr "$NET6::2/64"
	assert_refused 1 "$NET6::2/64"
	assertEquals "the pair is gone here" "$before" "$(link_names)"
	assertEquals "and inside" lo "$(link_names -n "$x")"
}

# --- robustness ---------------------------------------------------------

test_parallel_adds_all_succeed_once() {
	need_root || return 0
	local i pids=() bad=0 before
	before=$(mounts_at "$RUN")
	for i in $(seq 1 20); do
		defer "ns-netns del '$P-par$i'"
	done
	for i in $(seq 1 20); do
		ns-netns add "$P-par$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || bad=$((bad + 1))
	done
	assertEquals "every add succeeded" 0 "$bad"
	assertEquals "each mounted once" "$(printf '1 %.0s' $(seq 1 20))" \
		"$(for i in $(seq 1 20); do
			printf '%s ' "$(mounts_at "$RUN/$P-par$i")"; done)"
	assertEquals "20 namespaces" 20 "$(for i in $(seq 1 20); do
		stat -L -c %i "$RUN/$P-par$i"; done | sort -u | wc -l)"
	assertTrue "$RUN not mounted again" "[ $(mounts_at "$RUN") -le \
		$(( before > 0 ? before : 1 )) ]"
}

test_add_delete_cycles_leave_nothing() {
	need_root || return 0
	local x=$P-cycle i bad=0
	defer "ns-netns del '$x'"
	for i in $(seq 1 200); do
		ns-netns add "$x" && ns-netns del "$x" || bad=$((bad + 1))
	done
	assertEquals "every add and del succeeded" 0 "$bad"
	assert_gone "$x"
}

test_delete_while_in_use_keeps_the_process() {
	need_root || return 0
	local x=$P-busy ino
	new_ns ns "$x" || return
	ino=$(stat -L -c %i "$RUN/$x")
	spawn_target ns-netns exec "$x" sleep 1000 || return
	run ns-netns del "$x"
	assertEquals "del ($ERR)" 0 "$RC"
	assert_gone "$x"
	assertTrue "the process still runs" "kill -0 $TARGET"
	assertEquals "in the same namespace" "$ino" "$(ns_inode "$TARGET" net)"
}

test_run_dir_is_a_shared_mount_of_its_own() {
	need_root || return 0
	local d x=$P-rundir line
	d=$(scratch netns-run)
	defer "umount -l '$d' 2>/dev/null"
	run env NETNS_RUN_DIR="$d" ns-netns add "$x"
	defer "NETNS_RUN_DIR='$d' ns-netns del '$x'"
	assertEquals "add ($ERR)" 0 "$RC"
	line=$(awk -v p="$d" '$5 == p' /proc/self/mountinfo)
	assertEquals "a mount point once" 1 "$(printf '%s\n' "$line" | grep -c .)"
	assertContains "shared: $line" "$line" " shared:"
	assertEquals "the name is there" 1 "$(mounts_at "$d/$x")"
	assertFalse "not in $RUN" "[ -e '$RUN/$x' ]"
	assertEquals "listed" "$x" "$(NETNS_RUN_DIR=$d ns-netns list)"
	# A delete in another mount namespace unmounts it here too.
	run env NETNS_RUN_DIR="$d" unshare -m --propagation unchanged \
		ns-netns del "$x"
	assertEquals "del in another mount namespace ($ERR)" 0 "$RC"
	assertEquals "unmounted here too" 0 "$(mounts_at "$d/$x")"
	assertFalse "file gone" "[ -e '$d/$x' ]"
}

test_monitor_prints_adds_and_deletes() {
	need_root || return 0
	need_cmd ip || return 0
	local f=$TESTDIR/nsbox-test-monitor x=$P-mon y=$P-mon-ip i
	: >"$f"
	spawn ns-netns monitor >"$f"
	for i in $(seq 1 250); do
		cat "/proc/$SPAWNED/fdinfo/"* 2>/dev/null |
			grep -q '^inotify wd:' && break
		sleep 0.02
	done
	new_ns ns "$x" || return
	ns-netns del "$x"
	new_ns ip "$y" || return
	ip netns del "$y"
	for i in $(seq 1 250); do
		grep -qx "delete $y" "$f" && break
		sleep 0.02
	done
	assertEquals "four lines, in order" \
		"$(printf '%s\n' "add $x" "delete $x" "add $y" "delete $y")" \
		"$(grep -Fx -e "add $x" -e "delete $x" -e "add $y" \
			-e "delete $y" "$f")"
	assertTrue "still running" "kill -0 $SPAWNED"
}

# --- bad input ----------------------------------------------------------

test_invalid_names_are_refused() {
	need_root || return 0
	local long n names before left=()
	long=$P-$(printf '%0256d' 0)
	long=${long:0:256}
	names=("" . .. "$P/b" "$P b" "$P"$'\t'b "$P"$'\n'b -x -- "$long")
	before=$(mounts_at "$RUN")
	for n in "${names[@]}"; do
		run ns-netns add "$n"
		assert_refused 1 "invalid network namespace name"
		run ns-netns attach "$n" $$
		assert_refused 1 "invalid network namespace name"
		case $n in "" | . | ..) continue ;; esac
		{ [ -e "$RUN/$n" ] || [ "$(mounts_at "$RUN/$n")" != 0 ]; } &&
			left+=("$n")
	done
	assertEquals "nothing made for: ${left[*]}" 0 "${#left[@]}"
	assertTrue "$RUN not mounted again" "[ $(mounts_at "$RUN") -le \
		$(( before > 0 ? before : 1 )) ]"
	assertFalse "no directory made" "[ -e '$RUN/$P' ]"
	# The longest name that is allowed.
	n=${long:0:255}
	run ns-netns add "$n"
	defer "ns-netns del '$n'"
	assertEquals "255 bytes are fine ($ERR)" 0 "$RC"
	assertEquals "mounted" 1 "$(mounts_at "$RUN/$n")"
}

test_invalid_names_in_other_subcommands() {
	need_root || return 0
	local n
	for n in .. "$P b" -x; do
		run ns-netns delete "$n"
		assert_refused 1 "invalid network namespace name"
		run ns-netns pids "$n"
		assert_refused 1
		run ns-netns set "$n" 5
		assert_refused 1
		run ns-netns veth "$n" "${IFP}x"
		assert_refused 1
	done
}

test_add_of_an_existing_name_fails() {
	need_root || return 0
	local x=$P-exists ino
	new_ns ns "$x" || return
	ino=$(stat -L -c %i "$RUN/$x")
	run ns-netns add "$x"
	assert_refused 1 "$RUN/$x" "File exists"
	assertEquals "still one mount" 1 "$(mounts_at "$RUN/$x")"
	assertEquals "the same namespace" "$ino" "$(stat -L -c %i "$RUN/$x")"
	run ns-netns attach "$x" $$
	assert_refused 1 "$RUN/$x"
	assertEquals "the same namespace after attach" "$ino" \
		"$(stat -L -c %i "$RUN/$x")"
}

test_attach_to_a_bad_pid_fails() {
	need_root || return 0
	local x=$P-attach gone p
	defer "ns-netns del '$x' 2>/dev/null"
	sleep 0 &
	gone=$!
	wait "$gone"
	run ns-netns attach "$x" "$gone"
	assert_refused 1 "$gone"
	assert_gone "$x"
	for p in abc 0 -1 12x ""; do
		run ns-netns attach "$x" "$p"
		assert_refused 1 "\"$p\""
	done
	run ns-netns attach "$x"
	assert_refused 1 PID
	assert_gone "$x"
}

test_delete_of_a_missing_name_fails() {
	need_root || return 0
	local y=$P-del
	run ns-netns delete "$P-missing"
	assert_refused 1 "$RUN/$P-missing"
	new_ns ns "$y" || return
	run ns-netns del "$P-missing" "$y"
	assertEquals "status ($ERR)" 1 "$RC"
	assertContains "$ERR" "$P-missing"
	assert_gone "$y"
	run ns-netns del
	assert_refused 1 NAME
}

test_unknown_subcommand_and_usage() {
	run ns-netns frobnicate
	assert_refused 1 '"frobnicate"'
	assertEquals "the error first" 'ns-netns: unknown subcommand "frobnicate"' \
		"$(printf '%s\n' "$ERR" | head -n 1)"
	run ns-netns --frob list
	assert_refused 1 frob
	run ns-netns list --frob
	assert_refused 1 frob
	run ns-netns add "$P-x" --frob
	assert_refused 1 frob
	assert_gone "$P-x"
	run ns-netns --help
	assertEquals "--help" 0 "$RC"
	assertEquals "usage first" "Usage: ns-netns [-all] SUBCOMMAND [ARG]..." \
		"$(printf '%s\n' "$OUT" | head -n 1)"
	run ns-netns help
	assertEquals "help" 0 "$RC"
	assertContains "$OUT" "Usage: ns-netns"
	run ns-netns -V
	assertEquals "-V" 0 "$RC"
	assertContains "$OUT" "ns-netns (nsbox)"
}

# --- symlinks and debris in the run directory

# An entry that is a symlink: add refuses it and mounts over nothing;
# delete removes the link itself, as rm does, and its target stays.
test_symlink_in_the_run_directory_is_never_followed() {
	need_root || return 0
	local x=$P-link d
	d=$(scratch netns-link)
	echo nsbox-test-victim >"$d/victim"
	mkdir -p "$RUN"
	ln -s "$d/victim" "$RUN/$x"
	defer "rm -f '$RUN/$x'; umount -l '$d/victim' 2>/dev/null"
	run ns-netns add "$x"
	assertEquals "add: status" 1 "$RC"
	assertEquals "add: one line" "ns-netns: $RUN/$x is a symbolic link: \
a pin is never made through one" "$ERR"
	assertEquals "the victim is not mounted over" 0 \
		"$(mounts_at "$d/victim")"
	run ns-netns delete "$x"
	assertEquals "delete: the link goes ($ERR)" 0 "$RC"
	assertFalse "no link left" "[ -L '$RUN/$x' ]"
	assertEquals "the victim stays" nsbox-test-victim "$(cat "$d/victim")"
}

# What an add killed after making its file leaves (an empty file of mode
# 0, unlocked, nothing mounted on it): the rerun uses it. ip netns add
# fails there with "File exists".
test_add_over_what_a_killed_add_left_succeeds() {
	need_root || return 0
	need_cmd ip || return 0
	local x=$P-debris
	mkdir -p "$RUN"
	install -m 0 /dev/null "$RUN/$x"
	defer "ip netns del '$x' 2>/dev/null; rm -f '$RUN/$x'"
	run ip netns add "$x"
	assertNotEquals "ip netns add refuses it" 0 "$RC"
	run ns-netns add "$x"
	assertEquals "ns-netns add: $ERR" 0 "$RC"
	assert_named "$x"
	# Something with content there is someone's: File exists.
	ns-netns delete "$x"
	echo nsbox-test >"$RUN/$x"
	chmod 0 "$RUN/$x"
	run ns-netns add "$x"
	assertEquals "a file with content: status" 1 "$RC"
	assertContains "File exists" "$ERR" "File exists"
	assertEquals "left as it was" nsbox-test "$(cat "$RUN/$x")"
}

run_suite
