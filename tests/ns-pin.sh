#!/bin/bash
# tests/ns-pin.sh - ns-pin, shown through the kernel: a pin's inode against
# the namespace it was made from, its line in /proc/self/mountinfo, and
# util-linux nsenter entering it after every process of the namespace has
# gone.
. "$(dirname "$0")/lib.sh"

NS_TYPES="mnt uts ipc net pid user cgroup time"

# end_target: kill TARGET and wait until it is gone, so that only the pins
# are left to hold its namespaces.
end_target() {
	local i
	kill -KILL "$TARGET" 2>/dev/null
	# The target, or the ns-unshare -f whose child it is, ends now.
	wait "$SPAWNED" 2>/dev/null
	for i in $(seq 1 250); do
		[ -e "/proc/$TARGET" ] || return 0
		sleep 0.02
	done
	fail "target $TARGET did not go away"
	return 1
}

# mountinfo with its fifth field (the mount point) decoded from the octal
# escapes of the kernel (\040 for a space) and moved first, followed by a
# tab and the line as it is: awk -F'\t' then sees the path as $1.
mountinfo() {
	awk '{ p = $5; out = ""
		while (match(p, /\\[0-7][0-7][0-7]/)) {
			o = substr(p, RSTART + 1, 3)
			c = substr(o, 1, 1) * 64 + substr(o, 2, 1) * 8 + substr(o, 3)
			out = out substr(p, 1, RSTART - 1) sprintf("%c", c)
			p = substr(p, RSTART + 4)
		}
		print out p "\t" $0 }' /proc/self/mountinfo
}

# Our mount points at or below DIR, one a line, deepest first (a path
# mounted twice is listed twice).
mounts_under() {
	mountinfo | D=$1 awk -F'\t' '$1 == ENVIRON["D"] ||
		index($1, ENVIRON["D"] "/") == 1 { print $1 }' | sort -r
}

# Our mount points strictly below DIR.
mounts_below() {
	mounts_under "$1" | grep -vxF -- "$1"
}

# Lazily unmount everything mounted at or below DIR here.
umount_under() {
	local m
	mounts_under "$1" | while IFS= read -r m; do
		umount -l "$m" 2>/dev/null
	done
}

# new_dir NAME [private]: DIR is a fresh scratch directory; when the test
# ends, everything mounted under it here is unmounted and it is removed.
# With private, DIR is bind-mounted onto itself and made a private mount
# first, where a mount namespace can be pinned however / propagates.
new_dir() {
	DIR=$(scratch "$1")
	defer "umount_under '$DIR'; rm -rf '$DIR'"
	[ "${2-}" = private ] || return 0
	mount --bind "$DIR" "$DIR" && mount --make-private "$DIR" && return 0
	fail "cannot make $DIR a private mount"
	return 1
}

# fstypes_at PATH...: the file system type of the top mount at each PATH
# here ("none" where nothing is mounted), on one line.
fstypes_at() {
	local p t o=
	for p; do
		t=$(fstype_at "$p")
		o+=" ${t:-none}"
	done
	echo "${o# }"
}

# The optional fields (shared:N, master:N ...) of the top mount at PATH.
optional_at() {
	mountinfo | P=$1 awk -F'\t' '$1 == ENVIRON["P"] { split($2, f, " ")
			o = ""; for (i = 7; f[i] != "-"; i++) o = o " " f[i] }
		END { print o }'
}

# inodes_of PID TYPE...: the inodes of PID's namespaces of TYPE..., on one
# line.
inodes_of() {
	local pid=$1
	shift
	echo $(cd "/proc/$pid/ns" && stat -L -c %i "$@" 2>&1)
}

# assert_pins "INODE..." PATH...: each PATH is a pin, an nsfs mount here,
# of the namespace with the INODE in the same place.
assert_pins() {
	local want=$1 fs='' p
	shift
	for p; do
		fs+=" nsfs"
	done
	assertEquals "pins $*: inodes | file systems" "$want |$fs" \
		"$(echo $(stat -L -c %i -- "$@" 2>&1)) | $(fstypes_at "$@")"
}

# pin_ok ARG...: ns-pin ARG... succeeds quietly (a pin a test needs).
pin_ok() {
	run ns-pin "$@"
	assertEquals "ns-pin $*" "0 ''" "$RC '$OUT$ERR'"
	[ "$RC" = 0 ]
}

# The files in DIR, sorted, on one line.
files_in() {
	(cd "$1" 2>/dev/null && LC_ALL=C ls -A | xargs)
}

# assert_refused WHAT...: ns-pin failed (1), printed nothing, and said so
# in one line (a hint line may follow) that names each WHAT.
assert_refused() {
	local w l n=0 bad='' missing='' out="no output"
	while IFS= read -r l; do
		[[ $l == "ns-pin: hint: "* ]] && continue
		n=$((n + 1))
		[[ $l == "ns-pin: "* ]] || bad=" (unprefixed)"
	done <<<"$ERR"
	for w in "$@"; do
		[[ $ERR == *"$w"* ]] || missing+=" [$w]"
	done
	[ -z "$OUT" ] || out="output: $OUT"
	assertEquals "refused: $ERR" \
		"status 1, no output, 1 error line, naming all" \
		"status $RC, $out, $n error line$bad, naming all$missing"
}

# assert_nothing_left DIR: DIR is empty and nothing is mounted below it.
assert_nothing_left() {
	assertEquals "nothing left in $1" "files: ; mounts: " \
		"files: $(files_in "$1"); mounts: $(echo $(mounts_below "$1"))"
}

# Our lines of a listing: PATH TYPE NS of the pins under DIR.
pins_under() {
	printf '%s\n' "$OUT" |
		awk -v d="$1/" 'index($1, d) == 1 { print $1, $2, $3 }'
}

# --- each type outlives its processes -------------------------------------

# pin_outlives TYPE LETTER ENTER CMD...: pin TYPE of the target CMD starts
# with -LETTER onto a file and kill the target; the pin holds the very
# namespace, and `nsenter ENTER` (PIN stands for the file) enters it.
pin_outlives() {
	local type=$1 letter=$2 enter=$3 want pin
	shift 3
	need_root || return 0
	need_cmd nsenter || return 0
	new_dir "outlives-$type" private || return
	pin=$DIR/$type
	if [ "$type" = pid ]; then
		spawn_child_target "$@" || return
	else
		spawn_target "$@" || return
	fi
	want=$(ns_inode "$TARGET" "$type")
	assertNotEquals "the target's $type is not ours" \
		"$(ns_inode $$ "$type")" "$want"
	pin_ok -t "$TARGET" "-$letter" "$pin" || return
	end_target || return
	assert_pins "$want" "$pin"
	[ -n "$enter" ] || return 0
	# shellcheck disable=SC2086 # ENTER is a list of options
	assertEquals "nsenter enters the pin" "$type:[$want]" \
		"$(nsenter ${enter//PIN/$pin} readlink "/proc/self/ns/$type")"
}

# Missing parents are made as mkdir -p makes them (the README's
# /run/nsbox/PID); a failure after that takes back what was made.
test_missing_parents_are_made_and_taken_back_on_failure() {
	need_root || return 0
	need_cmd strace || return 0
	local d
	new_dir pin-parents || return
	d=$DIR
	spawn_target ns-unshare -u -i sleep 1000 || return
	run ns-pin -t "$TARGET" -u -i "$d/a/b/pins"
	assertEquals "made ($ERR)" 0 "$RC"
	assertEquals "the pin is the target's uts" "$(ns_inode "$TARGET" uts)" \
		"$(stat -L -c %i "$d/a/b/pins/uts")"
	run ns-pin -t "$TARGET" -u "$d/c/d/uts"
	assertEquals "a file pin's parents too ($ERR)" 0 "$RC"
	assertEquals "that pin" "$(ns_inode "$TARGET" uts)" \
		"$(stat -L -c %i "$d/c/d/uts")"
	umount "$d/c/d/uts"
	run strace -f -o /dev/null -e inject=mount:error=EPERM \
		ns-pin -t "$TARGET" -u -i "$d/e/f/pins"
	assertEquals "a mount that fails" 1 "$RC"
	assertEquals "what was made is gone" "" "$(find "$d/e" 2>/dev/null)"
	# One mkdir a component: $d's, then g's (made), then h's (fails).
	local n=${d//[!\/]/}
	run strace -f -o /dev/null \
		-e inject=mkdir:error=EACCES:when=$((${#n} + 2)) \
		ns-pin -t "$TARGET" -u -i "$d/g/h/pins"
	assertEquals "a mkdir that fails" 1 "$RC"
	assertContains "names it" "$ERR" "cannot create directory $d/g/h"
	assertEquals "what was made is gone too" "" "$(find "$d/g" 2>/dev/null)"
}

# Unpinning takes back what pinning made, --make-private's self-bind
# included (findmnt as the oracle); what cannot go is a failure naming
# what is left and how to remove it.
test_unpin_takes_back_the_private_self_bind() {
	need_root || return 0
	need_cmd findmnt || return 0
	local d
	new_dir unpin-private || return
	d=$DIR
	spawn_target ns-unshare -u -i sleep 1000 || return
	run ns-pin -t "$TARGET" -u -i --make-private "$d/p"
	assertEquals "pinned ($ERR)" 0 "$RC"
	assertEquals "a self-bind, private" "$d/p private" \
		"$(findmnt -n -o TARGET,PROPAGATION -M "$d/p")"
	run ns-pin -d "$d/p"
	assertEquals "unpinned ($ERR)" "0 ''" "$RC '$ERR'"
	assertEquals "no mount left" "" "$(findmnt -n -M "$d/p")"
	assertFalse "the directory is gone" "[ -e '$d/p' ]"
	run ns-pin -t "$TARGET" -u -i --make-private "$d/q"
	assertEquals "pinned again ($ERR)" 0 "$RC"
	mkdir "$d/q/sub"
	mount -t tmpfs nsbox-test "$d/q/sub"
	run ns-pin -d "$d/q"
	assertEquals "a busy self-bind fails" 1 "$RC"
	assertContains "names it" "$ERR" "cannot unmount the self-bind of $d/q"
	assertContains "and the way out" "$ERR" "umount $d/q, then rmdir it"
}

test_pinned_mnt_outlives_its_processes() {
	pin_outlives mnt m "--mount=PIN" ns-unshare -m sleep 1000
}
test_pinned_uts_outlives_its_processes() {
	pin_outlives uts u "--uts=PIN" ns-unshare -u -i -n -C -T sleep 1000
}
test_pinned_ipc_outlives_its_processes() {
	pin_outlives ipc i "--ipc=PIN" ns-unshare -u -i -n -C -T sleep 1000
}
test_pinned_net_outlives_its_processes() {
	pin_outlives net n "--net=PIN" ns-unshare -u -i -n -C -T sleep 1000
}
test_pinned_cgroup_outlives_its_processes() {
	pin_outlives cgroup C "--cgroup=PIN" \
		ns-unshare -u -i -n -C -T sleep 1000
}
test_pinned_time_outlives_its_processes() {
	pin_outlives time T "--time=PIN" ns-unshare -u -i -n -C -T sleep 1000
}
test_pinned_user_outlives_its_processes() {
	pin_outlives user U "--user=PIN --preserve-credentials" \
		ns-unshare -U -r sleep 1000
}
# A PID namespace whose init has died takes no new process: the inode only.
test_pinned_pid_outlives_its_processes() {
	pin_outlives pid p "" ns-unshare -fp sleep 1000
}

# --- several types: a directory ---------------------------------------------

# The types of TYPE... whose namespace PID shares with us, on one line.
shared_with_us() {
	local pid=$1 t ours theirs same=
	shift
	read -ra ours <<<"$(inodes_of $$ "$@")"
	read -ra theirs <<<"$(inodes_of "$pid" "$@")"
	for t in "$@"; do
		[ "${ours[0]}" != "${theirs[0]}" ] || same+=" $t"
		ours=("${ours[@]:1}")
		theirs=("${theirs[@]:1}")
	done
	echo "${same# }"
}

test_all_pins_every_type_into_a_new_directory() {
	need_root || return 0
	new_dir all private || return
	spawn_child_target ns-unshare -a -r -f sleep 1000 || return
	assertEquals "precondition: the target shares nothing with us" "" \
		"$(shared_with_us "$TARGET" $NS_TYPES)"
	run ns-pin -t "$TARGET" -a "$DIR/pins"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "one file per type, named as in /proc/PID/ns" \
		"cgroup ipc mnt net pid time user uts" "$(files_in "$DIR/pins")"
	# shellcheck disable=SC2086
	assert_pins "$(inodes_of "$TARGET" $NS_TYPES)" \
		$(printf "$DIR/pins/%s " $NS_TYPES)
}

test_all_leaves_out_our_own_mount_namespace() {
	need_root || return 0
	new_dir all-ours private || return
	local types="cgroup ipc net pid time user uts"
	spawn_target ns-unshare -u -n sleep 1000 || return
	run ns-pin -t "$TARGET" -a "$DIR/pins"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "every type but mnt" "$types" "$(files_in "$DIR/pins")"
	# shellcheck disable=SC2086
	assert_pins "$(inodes_of "$TARGET" $types)" \
		$(printf "$DIR/pins/%s " $types)
	# Without -t: our own namespaces.
	run ns-pin --all "$DIR/ours"
	assertEquals "$ERR" 0 "$RC"
	assertEquals "ours, but mnt" "$types" "$(files_in "$DIR/ours")"
	# shellcheck disable=SC2086
	assert_pins "$(inodes_of $$ $types)" $(printf "$DIR/ours/%s " $types)
}

test_several_types_make_a_directory() {
	need_root || return 0
	new_dir several || return
	spawn_target ns-unshare -u -i -n sleep 1000 || return
	pin_ok -t "$TARGET" -u -n "$DIR/pins" || return
	assertEquals "net uts" "$(files_in "$DIR/pins")"
	assert_pins "$(inodes_of "$TARGET" net uts)" \
		"$DIR/pins/net" "$DIR/pins/uts"
	# An existing directory is used as it is.
	mkdir "$DIR/there"
	pin_ok --target="$TARGET" --uts --ipc "$DIR/there" || return
	assertEquals "ipc uts" "$(files_in "$DIR/there")"
	assert_pins "$(inodes_of "$TARGET" ipc)" "$DIR/there/ipc"
}

test_children_pins_pid_and_time_for_children() {
	need_root || return 0
	need_cmd perl || return 0
	perl -e 'require "syscall.ph"' 2>/dev/null ||
		{ skip_test "perl has no syscall.ph"; return 0; }
	new_dir children || return
	local ready=$DIR/ready kid
	# unshare(2) without exec: the process keeps its own pid and time
	# namespaces, its child is in the new ones.
	spawn perl -e 'require "syscall.ph";
		syscall(&SYS_unshare, 0x20000000 | 0x80) == 0
			or die "unshare: $!\n";
		defined(my $kid = fork) or die "fork: $!\n";
		exec "sleep", "1000" if !$kid;
		open(my $f, ">", $ARGV[0]) or die; print $f "$kid\n"; close $f;
		sleep 1000' "$ready"
	TARGET=$SPAWNED
	wait_for_file "$ready" || { fail "target did not start"; return; }
	read -r kid <"$ready"
	defer "kill -KILL $kid"
	rm -f "$ready"
	local own children
	own=$(inodes_of "$TARGET" pid time)
	children=$(inodes_of "$TARGET" pid_for_children time_for_children)
	assertNotEquals "precondition: *_for_children are not its own" \
		"$own" "$children"
	pin_ok -t "$TARGET" --children "$DIR/pins" || return
	assertEquals "both, named as in /proc/PID/ns" \
		"pid_for_children time_for_children" "$(files_in "$DIR/pins")"
	assert_pins "$children" \
		"$DIR/pins/pid_for_children" "$DIR/pins/time_for_children"
	# One type onto a file.
	pin_ok -t "$TARGET" --children -p "$DIR/pid" &&
		pin_ok -t "$TARGET" --children -T "$DIR/time" &&
		assert_pins "$children" "$DIR/pid" "$DIR/time"
	# Without --children: its own.
	pin_ok -t "$TARGET" -p "$DIR/own-pid" &&
		pin_ok -t "$TARGET" -T "$DIR/own-time" &&
		assert_pins "$own" "$DIR/own-pid" "$DIR/own-time"
	pin_ok -t "$TARGET" -a "$DIR/own" &&
		assertEquals "-a: no *_for_children" \
			"cgroup ipc net pid time user uts" \
			"$(files_in "$DIR/own")"
}

# --- an NSREF as the source -------------------------------------------------

test_nsref_file_is_pinned_as_the_type_the_kernel_reports() {
	need_root || return 0
	new_dir nsref || return
	spawn_target ns-unshare -u -n sleep 1000 || return
	local net uts
	net=$(ns_inode "$TARGET" net)
	uts=$(ns_inode "$TARGET" uts)
	pin_ok "/proc/$TARGET/ns/net" "$DIR/net" || return
	run ns-pin -l -n
	assertEquals "listed as net" "$DIR/net net $net" "$(pins_under "$DIR")"
	# A pin is a namespace file too; a type option may agree.
	pin_ok "$DIR/net" "$DIR/net-again"
	pin_ok -n "/proc/$TARGET/ns/net" "$DIR/net-n"
	# A PID operand is a process, as with -t.
	pin_ok -u "$TARGET" "$DIR/uts"
	assert_pins "$net $net $net $uts" \
		"$DIR/net" "$DIR/net-again" "$DIR/net-n" "$DIR/uts"
}

test_nsref_that_is_not_a_namespace_file_is_refused() {
	new_dir nsref-bad || return
	run ns-pin /etc/hostname "$DIR/x"
	assert_refused /etc/hostname "not a namespace file"
	run ns-pin "$DIR/nsbox-test-missing" "$DIR/x"
	assert_refused "$DIR/nsbox-test-missing"
	assert_nothing_left "$DIR"
}

test_nsref_of_another_type_than_asked_names_both() {
	new_dir nsref-type || return
	run ns-pin -u "/proc/$$/ns/net" "$DIR/x"
	assert_refused "/proc/$$/ns/net" net uts
	run ns-pin -a "/proc/$$/ns/net" "$DIR/x"
	assert_refused "/proc/$$/ns/net"
	run ns-pin -t $$ "/proc/$$/ns/net" "$DIR/x"
	assert_refused -t
	assert_nothing_left "$DIR"
}

# A bare NAME is the network namespace NAME of the run directory, as
# ip netns names them; pinned into the run directory, the copy is a named
# namespace to ip netns as well.
test_bare_name_is_a_named_network_namespace() {
	need_root || return 0
	need_cmd ip || return 0
	new_dir bare-name || return
	local name=nsbox-test-pin-src-$$ copy=nsbox-test-pin-copy-$$ want
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	want=net:[$(stat -L -c %i "/run/netns/$name")]
	defer "ns-pin -d '/run/netns/$copy'"
	pin_ok "$name" "/run/netns/$copy" || return
	assertContains "ip netns list" "$(ip netns list)" "$copy"
	assertEquals "ip netns exec COPY" "$want" \
		"$(ip netns exec "$copy" readlink /proc/self/ns/net)"
	assertEquals "ip netns exec NAME: the same" "$want" \
		"$(ip netns exec "$name" readlink /proc/self/ns/net)"
	# NETNS_RUN_DIR is where names are looked up, as for ns-netns.
	mkdir "$DIR/run"
	pin_ok "$name" "$DIR/run/alias" || return
	NETNS_RUN_DIR=$DIR/run pin_ok alias "$DIR/alias-pin" || return
	assertEquals "NETNS_RUN_DIR" "$want" "net:[$(stat -L -c %i "$DIR/alias-pin")]"
	run ns-pin -d "/run/netns/$copy"
	assertEquals "unpinned ($ERR)" 0 "$RC"
	assertNotContains "gone from ip netns list" "$(ip netns list)" "$copy"
}

test_bare_name_that_is_no_namespace_is_refused() {
	new_dir bare-missing || return
	run ns-pin nsbox-test-missing-$$ "$DIR/x"
	assert_refused "/run/netns/nsbox-test-missing-$$" \
		"No such file or directory"
	touch "$DIR/nsbox-test-file"
	run sh -c "cd '$DIR' && ns-pin nsbox-test-file x"
	assert_refused "nsbox-test-file: not a namespace file"
	rm "$DIR/nsbox-test-file"
	assert_nothing_left "$DIR"
}

# --- unpinning --------------------------------------------------------------

test_unpin_removes_pins_and_their_files() {
	need_root || return 0
	new_dir unpin || return
	spawn_target ns-unshare -u -n sleep 1000 || return
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	pin_ok -t "$TARGET" -a "$DIR/pins" || return
	pin_ok -t "$TARGET" -u "$DIR/uts" || return
	pin_ok -d "$DIR/net" "$DIR/pins"
	assertEquals "the file and the directory are gone, uts stays" \
		"files: uts; mounts: $DIR/uts" \
		"files: $(files_in "$DIR"); mounts: $(mounts_below "$DIR")"
	# A relative PATH, and the long option.
	run sh -c 'cd "$1" && ns-pin --unpin ./uts' sh "$DIR"
	assertEquals "$ERR" 0 "$RC"
	assert_nothing_left "$DIR"
}

test_unpin_reports_a_pin_held_in_another_mount_namespace() {
	need_root || return 0
	need_cmd unshare nsenter || return 0
	new_dir elsewhere || return
	mkdir "$DIR/other"
	spawn_target ns-unshare -n sleep 1000 || return
	local ino holder
	ino=$(ns_inode "$TARGET" net)
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	# Another mount namespace pins the same namespace at another path.
	spawn unshare -m --propagation private sh -c "
		mount -t tmpfs nsbox-test '$DIR/other' && touch '$DIR/other/p' &&
		mount --bind '$DIR/net' '$DIR/other/p' && exec sleep 1000"
	holder=$SPAWNED
	wait_comm "$holder" sleep || { fail "holder did not start"; return; }
	assertEquals "precondition: held there" "$ino" \
		"$(nsenter -t "$holder" -m stat -L -c %i "$DIR/other/p")"
	run ns-pin -d "$DIR/net"
	assertEquals "$ERR" 0 "$RC"
	assert_nothing_left "$DIR/other"
	assertFalse "the file is gone here" "[ -e '$DIR/net' ]"
	local w missing=
	for w in "$DIR/net:" "$(readlink "/proc/$holder/ns/mnt")" \
		"at $DIR/other/p"; do
		[[ $ERR == *"$w"* ]] || missing+=" [$w]"
	done
	assertEquals "names the pin, the mount namespace and the path there" \
		"" "$missing"
	# There, the pin stays; its copy of the removed file went with it.
	assertEquals "left there: the pin | mounts on the removed file" \
		"$ino | " \
		"$(nsenter -t "$holder" -m stat -L -c %i "$DIR/other/p") | $(awk \
			-v p="$DIR/net" '$5 == p' "/proc/$holder/mountinfo")"
}

test_unpin_of_a_pin_gone_from_here_reports_where_it_is_held() {
	need_root || return 0
	need_cmd unshare || return 0
	new_dir gone-here || return
	spawn_target ns-unshare -n sleep 1000 || return
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	# A mount namespace made now starts with a copy of the pin.
	spawn unshare -m --propagation private sleep 1000
	local holder=$SPAWNED
	wait_comm "$holder" sleep || { fail "holder did not start"; return; }
	umount "$DIR/net" || { fail "umount"; return; }
	run ns-pin -d "$DIR/net"
	assertEquals "$ERR" 0 "$RC"
	assertContains "names the other mount namespace and the path" "$ERR" \
		"$(readlink "/proc/$holder/ns/mnt") (PID"
	assertContains "names the path" "$ERR" "at $DIR/net"
}

test_unpin_of_what_is_not_a_pin_fails() {
	need_root || return 0
	new_dir not-a-pin || return
	touch "$DIR/plain"
	mkdir "$DIR/other"
	touch "$DIR/other/file"
	run ns-pin -d "$DIR/plain"
	assert_refused "$DIR/plain" "not a pin"
	run ns-pin -d "$DIR/other"
	assert_refused "$DIR/other" "no pins in this directory"
	run ns-pin -d "$DIR/nsbox-test-missing"
	assert_refused "$DIR/nsbox-test-missing"
	# The other paths are still unpinned.
	pin_ok -n "$DIR/net" || return
	run ns-pin -d "$DIR/plain" "$DIR/net"
	assertEquals "status 1; plain and other stay, the pin goes" \
		"1 files: other plain; mounts: " \
		"$RC files: $(files_in "$DIR"); mounts: $(mounts_below "$DIR")"
}

# A -d killed after its last unpin leaves the directory empty: the
# rerun finishes the job.
test_unpin_of_an_empty_directory_removes_it() {
	need_root || return 0
	new_dir unpin-empty || return
	mkdir "$DIR/pins"
	run ns-pin -d "$DIR/pins"
	assertEquals "removed, quietly ($ERR)" "0 '' absent" \
		"$RC '$ERR' $([ -e "$DIR/pins" ] && echo present || echo absent)"
}

# --- mount namespaces and shared mounts ---------------------------------------

test_mnt_pin_on_a_shared_mount_is_refused_until_made_private() {
	need_root || return 0
	need_cmd nsenter || return 0
	new_dir shared || return
	mount --bind "$DIR" "$DIR" && mount --make-shared "$DIR" ||
		{ fail "cannot make $DIR a shared mount"; return; }
	mkdir "$DIR/sub"
	assertContains "precondition: shared" "$(optional_at "$DIR")" shared:
	spawn_target ns-unshare -m sleep 1000 || return
	local want w missing=
	want=$(ns_inode "$TARGET" mnt)
	run ns-pin -t "$TARGET" -m "$DIR/sub/mnt"
	for w in "$DIR/sub/mnt" shared --make-private; do
		[[ $ERR == *"$w"* ]] || missing+=" [$w]"
	done
	assertEquals "refused, names the pin, says why and what to do: $ERR" \
		"1 naming all" "$RC naming all$missing"
	# Several types into a new directory: nothing is left either.
	run ns-pin -t "$TARGET" -m -u "$DIR/sub/pins"
	assertEquals "refused: $ERR" 1 "$RC"
	assert_nothing_left "$DIR/sub"
	# sub is no mount point: it is bound onto itself and made private.
	pin_ok -t "$TARGET" -m --make-private "$DIR/sub/mnt"
	assert_pins "$want" "$DIR/sub/mnt"
	assertEquals "sub is a private mount point now" "1 ''" \
		"$(mounts_at "$DIR/sub") '$(optional_at "$DIR/sub" |
			grep -o shared)'"
	assertEquals "nsenter enters it" "mnt:[$want]" \
		"$(nsenter --mount="$DIR/sub/mnt" readlink /proc/self/ns/mnt)"
	# A mount point already: only its propagation changes.
	pin_ok -t "$TARGET" -m --make-private "$DIR/mnt"
	assert_pins "$want" "$DIR/mnt"
	assertEquals "one mount at the directory, private now" "1 ''" \
		"$(mounts_at "$DIR") '$(optional_at "$DIR" | grep -o shared)'"
}

test_failed_bind_undoes_the_pins_made_before_it() {
	need_root || return 0
	need_cmd unshare || return 0
	new_dir undo private || return
	# From a newer mount namespace, ours cannot be pinned: the bind of mnt
	# fails after those of user cgroup ipc uts net pid have been made.
	run unshare -m --propagation private sh -c '
		ns-pin -t "$1" -a "$2/pins"
		echo "status=$?"
		awk -v d="$2/" "index(\$5, d) == 1" /proc/self/mountinfo | wc -l
	' sh $$ "$DIR"
	assertEquals "failed, nothing left mounted there ($ERR)" \
		"status=1 0" "$(echo $OUT)"
	assertContains "names the failed bind" "$ERR" "$DIR/pins/mnt"
	assert_nothing_left "$DIR"
	# A target file that is a directory: the files made before it go.
	mkdir -p "$DIR/half/net"
	run ns-pin -u -n "$DIR/half"
	assert_refused "$DIR/half/net"
	assertEquals "only what was there" "files: net; mounts: " \
		"files: $(files_in "$DIR/half"); mounts: $(mounts_below "$DIR")"
}

# --- listing ----------------------------------------------------------------

test_list_shows_path_type_and_inode() {
	need_root || return 0
	new_dir list || return
	spawn_target ns-unshare -u -n sleep 1000 || return
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	pin_ok -t "$TARGET" -u "$DIR/uts" || return
	local want opt
	want="$DIR/net net $(stat -L -c %i "$DIR/net")
$DIR/uts uts $(stat -L -c %i "$DIR/uts")"
	run ns-pin --list
	assertEquals "a header, then our pins ($ERR)" "0 PATH TYPE NS
$want" "$RC $(printf '%s\n' "$OUT" | head -n 1 | xargs)
$(pins_under "$DIR")"
	for opt in -n --noheadings; do
		run ns-pin -l "$opt"
		assertEquals "$opt: no header, our pins ($ERR)" "0 0
$want" "$RC $(printf '%s\n' "$OUT" | grep -c '^PATH ')
$(pins_under "$DIR")"
	done
	pin_ok -d "$DIR/uts"
	run ns-pin -ln
	assertEquals "unpinned: not listed" "${want%%$'\n'*}" \
		"$(pins_under "$DIR")"
}

test_list_json_has_pins_with_path_type_and_numeric_ns() {
	need_root || return 0
	need_cmd perl || return 0
	perl -MJSON::PP -e 1 2>/dev/null ||
		{ skip_test "perl has no JSON::PP"; return 0; }
	new_dir json || return
	local odd='a"b\c d' got
	pin_ok -n "$DIR/net" || return
	pin_ok -u "$DIR/$odd" || return
	run ns-pin -l -J
	got=$(printf '%s\n' "$OUT" | perl -MJSON::PP -e '
		my $j = decode_json(do { local $/; <STDIN> });
		ref $j->{pins} eq "ARRAY" or die "pins is not an array\n";
		my $js = JSON::PP->new->allow_nonref;
		for my $p (@{$j->{pins}}) {
			next unless index($p->{path}, $ARGV[0]) == 0;
			print join(" ", join(",", sort keys %$p), $p->{path},
				$p->{type}, $js->encode($p->{ns})), "\n";
		}' "$DIR/" 2>&1)
	assertEquals "parsed, on one line; ns is a number ($ERR)" "0 1
ns,path,type $DIR/net net $(stat -L -c %i "$DIR/net")
ns,path,type $DIR/$odd uts $(stat -L -c %i "$DIR/$odd")" \
		"$RC $(printf '%s\n' "$OUT" | wc -l)
$got"
	run ns-pin --list --json -n
	assertEquals "-n changes nothing in JSON" "0 ok" \
		"$RC $(printf '%s\n' "$OUT" | perl -MJSON::PP -e '
			decode_json(do { local $/; <STDIN> }); print "ok"' 2>&1)"
}

# --- pins among the other tools ---------------------------------------------

test_pin_is_entered_by_ns_exec() {
	need_root || return 0
	new_dir exec || return
	spawn_target ns-unshare -u -n sleep 1000 || return
	local want
	want=net:[$(ns_inode "$TARGET" net)]
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	end_target || return
	run ns-exec --net="$DIR/net" readlink /proc/self/ns/net
	assertEquals "--net=PIN ($ERR)" "0 $want" "$RC $OUT"
	run ns-exec "$DIR/net" readlink /proc/self/ns/net
	assertEquals "a classic operand ($ERR)" "0 $want" "$RC $OUT"
}

test_pin_is_a_mount_holder_in_ns_ls() {
	need_root || return 0
	new_dir ls || return
	spawn_target ns-unshare -n sleep 1000 || return
	local ino
	ino=$(ns_inode "$TARGET" net)
	pin_ok -t "$TARGET" -n "$DIR/net" || return
	end_target || return
	run ns-ls -l -u -n -o NS,HOLDERS
	assertContains "HOLDERS of $ino ($ERR)" \
		"$RC $(printf '%s\n' "$OUT" | awk -v n="$ino" '$1 == n')" \
		"mount:$DIR/net"
}

test_pin_is_removed_by_umount_and_rm() {
	need_root || return 0
	new_dir umount || return
	pin_ok -n "$DIR/net" || return
	assertTrue "umount && rm" "umount '$DIR/net' && rm '$DIR/net'"
	assert_nothing_left "$DIR"
	run ns-pin -l -n
	assertEquals "not listed" "" "$(pins_under "$DIR")"
	run ns-pin -d "$DIR/net"
	assert_refused "$DIR/net" "not a pin"
}

# --- bad input ----------------------------------------------------------------

test_no_namespace_specified() {
	new_dir no-type || return
	run ns-pin "$DIR/x"
	assert_refused "no namespace specified"
	run ns-pin -t $$ "$DIR/x"
	assert_refused "no namespace specified"
	assert_nothing_left "$DIR"
}

test_target_that_does_not_exist() {
	new_dir gone || return
	local gone
	sleep 0 &
	gone=$!
	wait "$gone"
	run ns-pin -t "$gone" -n "$DIR/x"
	assert_refused "$gone"
	run ns-pin -t "$gone" -a "$DIR/pins"
	assert_refused "$gone"
	run ns-pin -n "$gone" "$DIR/x"
	assert_refused "$gone"
	assert_nothing_left "$DIR"
}

test_target_that_is_not_a_pid() {
	new_dir bad-pid || return
	local bad
	for bad in abc 0 -1 ''; do
		run ns-pin -t "$bad" -n "$DIR/x"
		assert_refused "'$bad'"
	done
	assert_nothing_left "$DIR"
}

# Linux 6.18 numbers namespaces in per-CPU batches, and refuses to bind
# a mount namespace numbered below the binder's own as a loop: one made
# on one CPU after ours on the other can be. Made in both orders, one of
# them is refused, and the hint says so with the numbers.
test_mount_namespace_numbered_below_ours_is_explained() {
	need_root || return 0
	[ "$(nproc)" -ge 2 ] || { skip_test "needs two CPUs"; return 0; }
	[ -n "$(ns-ls -p $$ -t mnt -n -r -o ID)" ] ||
		{ skip_test "no namespace ids before Linux 6.18"; return 0; }
	new_dir ids || return
	local a try out refused=
	for try in 1 2 3; do
		for a in 0 1; do
			out=$(taskset -c "$a" unshare -m --propagation private \
				sh -c 'taskset -c "$1" unshare -m sleep 1000 &
				t=$!
				while [ "$(cat /proc/$t/comm)" != sleep ]; do
					sleep 0.02; done
				ns-pin -t "$t" -m "$2"; echo "rc=$?"
				kill -KILL "$t"' sh $((1 - a)) "$DIR/mnt-$try-$a" 2>&1)
			[[ $out == *rc=0* ]] && continue
			refused=$out
			assertContains "$out" "$out" \
				"ns-pin: hint: the kernel numbered this mount namespace ("
			[[ $out =~ namespace\ \(([0-9]+)\)\ below\ ours\ \(([0-9]+)\) ]]
			assertTrue "the numbers, in order: $out" \
				"[ '${BASH_REMATCH[1]:-1}' -lt '${BASH_REMATCH[2]:-0}' ]"
			assertFalse "nothing left" "[ -e '$DIR/mnt-$try-$a' ]"
		done
		[ -z "$refused" ] || break
	done
	assertNotEquals "one order of the two is refused" "" "$refused"
}

test_own_mount_namespace_is_refused_with_the_reason() {
	need_root || return 0
	new_dir own-mnt private || return
	run ns-pin -m "$DIR/x"
	assert_refused "own mount namespace" "inside itself"
	run ns-pin -t $$ --mount "$DIR/x"
	assert_refused "own mount namespace"
	run ns-pin /proc/self/ns/mnt "$DIR/x"
	assert_refused "own mount namespace"
	spawn_target ns-unshare -u sleep 1000 || return
	run ns-pin -t "$TARGET" -m -u "$DIR/pins"
	assert_refused "own mount namespace"
	assert_nothing_left "$DIR"
}

# Missing parents are made (see above); a parent that cannot be made is
# refused naming it, and nothing is left behind.
test_target_under_a_file_is_refused() {
	need_root || return 0
	local d
	d=$(scratch pin-under-file)
	defer "rm -rf '$d'"
	: >"$d/file"
	run ns-pin -n "$d/file/sub/x"
	assert_refused "cannot create directory $d/file/sub" "Not a directory"
	run ns-pin -u -n "$d/file/pins"
	assert_refused "cannot create directory $d/file/pins" "Not a directory"
	assertEquals "nothing left" file "$(ls "$d")"
}

test_unpin_needs_a_path() {
	run ns-pin --unpin
	assert_refused --unpin PATH
	run ns-pin -d
	assert_refused PATH
}

test_list_takes_no_operands() {
	new_dir list-operand || return
	run ns-pin --list "$DIR/x"
	assert_refused --list
	assert_nothing_left "$DIR"
}

test_options_that_do_not_go_together() {
	new_dir exclusive || return
	run ns-pin -l -d "$DIR/x"
	assert_refused --unpin --list
	run ns-pin -J -n "$DIR/x"
	assert_refused --json
	assert_nothing_left "$DIR"
}

test_unknown_option_shows_error_usage_and_try() {
	run ns-pin --nsbox-test-bogus
	assert_usage_error ns-pin 1 \
		"ns-pin: unrecognized option '--nsbox-test-bogus'"
	assertEquals "three lines" 3 "$(wc -l <"$TESTDIR/err")"
}

# --- symlinks and debris: what a directory's owner or a killed run left

# A pin onto a symlink would mount over its target, chosen by whoever
# owns the directory: refused, and the target stays as it was.
test_symlink_as_target_is_refused_and_not_followed() {
	need_root || return 0
	new_dir link private || return
	echo nsbox-test-victim >"$DIR/victim"
	ln -s victim "$DIR/t"
	run ns-pin -u "$DIR/t"
	assert_refused "$DIR/t" "symbolic link"
	assertEquals "the victim is not mounted over" "" "$(mounts_below "$DIR")"
	assertEquals "the victim as it was" nsbox-test-victim "$(cat "$DIR/victim")"
	assertTrue "the link stays a link" "[ -L '$DIR/t' ]"
	# A dangling link is not created through either.
	ln -s made "$DIR/dangling"
	run ns-pin -u "$DIR/dangling"
	assert_refused "$DIR/dangling" "symbolic link"
	assertFalse "no file made at the link's target" "[ -e '$DIR/made' ]"
}

test_symlink_as_directory_of_pins_is_refused() {
	need_root || return 0
	new_dir linkdir private || return
	mkdir "$DIR/elsewhere"
	ln -s elsewhere "$DIR/d"
	run ns-pin -a "$DIR/d"
	assert_refused "$DIR/d" "symbolic link"
	assertEquals "nothing made through it" "" "$(files_in "$DIR/elsewhere")"
	assertEquals "nothing mounted" "" "$(mounts_below "$DIR")"
}

# -d on a symlink to someone's pin elsewhere: that pin stays.
test_unpin_does_not_follow_a_symlink() {
	need_root || return 0
	new_dir unlink private || return
	pin_ok -u "$DIR/real" || return
	ln -s real "$DIR/t"
	run ns-pin -d "$DIR/t"
	assert_refused "$DIR/t" "symbolic link"
	assert_pins "$(inodes_of $$ uts)" "$DIR/real"
	mkdir "$DIR/d" && ln -s ../real "$DIR/d/uts"
	run ns-pin -d "$DIR/d"
	assertEquals "a directory of links: status" 1 "$RC"
	assert_pins "$(inodes_of $$ uts)" "$DIR/real"
}

# A killed run leaves an empty file without write bits that nothing is
# mounted on and nobody holds locked: pinning uses it, -d removes it.
test_debris_of_a_killed_run_is_used_again_or_removed() {
	need_root || return 0
	new_dir debris private || return
	: >"$DIR/uts" && chmod 444 "$DIR/uts"
	run ns-pin -d "$DIR/uts"
	assertEquals "-d removes debris: $ERR" 0 "$RC"
	assertFalse "gone" "[ -e '$DIR/uts' ]"
	mkdir "$DIR/d" && : >"$DIR/d/net" && chmod 444 "$DIR/d/net"
	pin_ok -u "$DIR/d/uts" || return
	run ns-pin -d "$DIR/d"
	assertEquals "-d DIR: pins and debris: $ERR" 0 "$RC"
	assertFalse "the directory went" "[ -e '$DIR/d' ]"
	# A rerun of -a over debris and some pins of its own: one layer.
	mkdir "$DIR/a" && : >"$DIR/a/net" && chmod 444 "$DIR/a/net"
	pin_ok -u "$DIR/a/uts" || return
	pin_ok -u -n -i "$DIR/a" || return
	assert_pins "$(inodes_of $$ uts net ipc)" "$DIR/a/uts" "$DIR/a/net" \
		"$DIR/a/ipc"
	assertEquals "one mount each, none stacked" 3 \
		"$(mounts_below "$DIR/a" | wc -l)"
	# A file with write bits or with content is someone's: left alone.
	echo keep >"$DIR/mine" && chmod 444 "$DIR/mine"
	: >"$DIR/writable"
	run ns-pin -d "$DIR/mine"
	assert_refused "$DIR/mine" "not a pin"
	run ns-pin -d "$DIR/writable"
	assert_refused "$DIR/writable" "not a pin"
	assertEquals "both stay" "keep 0" \
		"$(cat "$DIR/mine") $(stat -c %s "$DIR/writable")"
}

# Another namespace pinned there already: refused, not stacked.
test_pin_over_another_namespaces_pin_is_refused() {
	need_root || return 0
	new_dir other private || return
	spawn_target ns-unshare -u sleep 1000 || return
	pin_ok -u "$DIR/uts" || return
	run ns-pin -t "$TARGET" -u "$DIR/uts"
	assert_refused "$DIR/uts" "already pins"
	assertEquals "one mount" 1 "$(mounts_under "$DIR/uts" | wc -l)"
	assert_pins "$(inodes_of $$ uts)" "$DIR/uts"
}

# A file another run holds locked is being pinned by it: refused.
test_file_locked_by_another_run_is_refused() {
	need_root || return 0
	need_cmd flock || return 0
	new_dir locked private || return
	: >"$DIR/uts" && chmod 444 "$DIR/uts"
	# The lock is on the file bash opened, kept by the sleep it becomes
	# (flock(1) with a command would leave that command behind).
	spawn bash -c 'exec 9<"$1" && flock -x 9 && exec sleep 1000' _ \
		"$DIR/uts" || return
	local i
	for i in $(seq 1 100); do
		flock -n -x "$DIR/uts" true || break
		sleep 0.02
	done
	run ns-pin -u "$DIR/uts"
	assert_refused "$DIR/uts" "another process"
	assertEquals "nothing mounted" "" "$(mounts_below "$DIR")"
	assertTrue "its file stays" "[ -f '$DIR/uts' ]"
}

run_suite
