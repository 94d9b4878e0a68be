#!/bin/bash
# tests/crash.sh - every command that changes state, killed (SIGKILL) at
# each of its system calls in turn, is recoverable: afterwards either its
# work was done, or running it again succeeds and does it; and its undo
# (ns-netns delete, ns-pin -d) then succeeds and leaves nothing: no file,
# no directory it made, no mount, no /run/netns entry, no process.
#
# The kill points come from one trace of the command: the Kth call of
# system call S in a process, for every S and K (at most CRASH_POINTS of
# each S, spread over its calls). strace counts calls of each system call
# on its own, so "inject=S:signal=KILL:when=K" kills at exactly that one.
. "$(dirname "$0")/lib.sh"

CRASH_POINTS=${CRASH_POINTS:-8}
NAME=nsbox-test-crash-$$
RUN_NETNS=/run/netns
RUN_NETNS_MOUNTS=$(mounts_at "$RUN_NETNS")

# --- what is there --------------------------------------------------------

# Mount points at or below PATH here, one a line.
mounts_under() {
	P=$(mi_escape "$1") awk '$5 == ENVIRON["P"] ||
		index($5, ENVIRON["P"] "/") == 1 { print $5 }' /proc/self/mountinfo
}

# Is PATH exactly one pin (one nsfs mount) of namespace inode INO (any
# namespace without INO)?
one_pin() {
	[ "$(mounts_at "$1")" = 1 ] && nsfs_mounted "$1" &&
		{ [ -z "${2-}" ] || [ "$(stat -c %i "$1")" = "$2" ]; }
}

# Nothing at PATH: no file, no link, no mount there or below.
nothing_at() {
	[ ! -e "$1" ] && [ ! -L "$1" ] && [ -z "$(mounts_under "$1")" ]
}

# The netns NAME is gone, and the run directory is mounted as before.
no_netns() {
	nothing_at "$RUN_NETNS/$NAME" &&
		[ "$(mounts_at "$RUN_NETNS")" = "$RUN_NETNS_MOUNTS" ]
}

# Take away whatever a case left at PATH, whatever state it is in.
scrub() {
	local m
	mounts_under "$1" | sort -r | while IFS= read -r m; do
		umount -l "$m" 2>/dev/null
	done
	rm -rf "$1"
}

# No process still runs with MARK in its command line (a killed run's
# child ends soon after it).
no_process() {
	local i
	for i in $(seq 1 50); do
		pgrep -f -- "$1" >/dev/null || return 0
		sleep 0.02
	done
	return 1
}

# --- the kill points ------------------------------------------------------

# kill_points CMD...: run CMD once under strace; print "SYSCALL K" for
# each kill point, sampled to CRASH_POINTS calls of each system call.
kill_points() {
	strace -f -qq -o "$TESTDIR/trace" "$@" >/dev/null 2>&1
	awk -v max="$CRASH_POINTS" '{
			s = $2; sub(/\(.*/, "", s)
			if (s !~ /^[a-z_0-9]+$/) next
			k = ++calls[$1 " " s]
			if (k > most[s]) most[s] = k
		}
		END {
			for (s in most) {
				n = most[s]
				if (n <= max)
					for (k = 1; k <= n; k++) print s, k
				else
					for (i = 0; i < max; i++)
						print s, 1 + int(i * (n - 1) / (max - 1))
			}
		}' "$TESTDIR/trace"
}

# crash_test: kill CMD at each point in turn. Set before: CMD (array),
# MARK (a string in CMD's command line), and functions prepare (make what
# CMD needs), finished (CMD's work is there), undo (take it back; ":"
# when CMD is itself an undo) and clean (nothing of it is left).
crash_test() {
	local s k points n=0 bad=0 first= start=$SECONDS
	prepare || { fail "setup failed"; return 1; }
	points=$(kill_points "${CMD[@]}")
	[ -n "$points" ] || { fail "no system calls traced: ${CMD[*]}"; return 1; }
	undo >/dev/null 2>&1
	clean || { fail "the untouched run and its undo left something"; return 1; }
	while read -r s k; do
		n=$((n + 1))
		WHY=
		crash_case "$s" "$k"
		scrub_all
		[ -z "$WHY" ] && continue
		bad=$((bad + 1))
		[ -n "$first" ] || first="killed at $s #$k: $WHY"
	done <<<"$points"
	echo "${CMD[*]}: $n kill points, $bad not recovered," \
		"$((SECONDS - start)) s"
	assertEquals "kill points not recovered, first: $first" 0 "$bad"
}

crash_case() {
	local was_done=
	prepare || { WHY="setup failed"; return; }
	# In a subshell: its death by SIGKILL is reported there, quietly.
	(strace -f -qq -o /dev/null -e trace="$1" \
		-e inject="$1":signal=KILL:when="$2" "${CMD[@]}"; :) >/dev/null 2>&1
	no_process "$MARK" || { WHY="a process of the killed run stays"; return; }
	finished && was_done=1
	run "${CMD[@]}"
	if [ "$RC" != 0 ] && [ -z "$was_done" ]; then
		WHY="the rerun failed ($RC): $ERR"
		return
	fi
	finished || { WHY="the rerun left the wrong state (status $RC)"; return; }
	run undo
	[ "$RC" = 0 ] || { WHY="the undo failed ($RC): $ERR"; return; }
	no_process "$MARK" || { WHY="a process of the rerun stays"; return; }
	clean || WHY="the undo left something"
}

# Whatever a case left, also when it failed.
scrub_all() {
	while [ "$(mounts_at "$RUN_NETNS/$NAME")" != 0 ]; do
		umount -l "$RUN_NETNS/$NAME" || break
	done
	rm -f "$RUN_NETNS/$NAME"
	scrub "$W"
	mkdir -p "$W"
}

oneTimeSetUp() {
	W=$(scratch crash)
}

# A target of ours in namespaces of its own; TARGET is its PID.
start_target() {
	spawn_target unshare --uts --ipc --net sleep 600
}

crash_setUp() {
	need_root || return 1
	need_cmd strace pgrep || return 1
	defer scrub_all
	return 0
}

# --- ns-netns -------------------------------------------------------------

test_netns_add_killed_anywhere_recovers() {
	crash_setUp || return 0
	CMD=(ns-netns add "$NAME") MARK=$NAME
	prepare() { :; }
	finished() { one_pin "$RUN_NETNS/$NAME"; }
	undo() { ns-netns delete "$NAME"; }
	clean() { no_netns; }
	crash_test
}

test_netns_attach_killed_anywhere_recovers() {
	crash_setUp || return 0
	start_target || return
	CMD=(ns-netns attach "$NAME" "$TARGET") MARK=$NAME
	prepare() { :; }
	finished() { one_pin "$RUN_NETNS/$NAME" "$(ns_inode "$TARGET" net)"; }
	undo() { ns-netns delete "$NAME"; }
	clean() { no_netns; }
	crash_test
}

test_netns_delete_killed_anywhere_recovers() {
	crash_setUp || return 0
	CMD=(ns-netns delete "$NAME") MARK=$NAME
	prepare() { ns-netns add "$NAME"; }
	finished() { no_netns; }
	undo() { :; }
	clean() { no_netns; }
	crash_test
}

# --- ns-pin ---------------------------------------------------------------

# The pins ns-pin -a makes of TARGET (all but its mount namespace, which
# is ours, and the *_for_children entries), one file name a line.
all_pins() {
	ls /proc/"$TARGET"/ns | grep -vx -e mnt -e '.*_for_children'
}

# DIR holds exactly one pin of each of TARGET's namespaces, nothing else:
# its files, the mounts below it and their inodes, each read at once.
pins_of_target_in() {
	local e want=
	for e in $(all_pins); do
		want+="$1/$e nsfs $(ns_inode "$TARGET" "$e")"$'\n'
	done
	[ "$(ls -A "$1" 2>/dev/null)" = "$(all_pins)" ] &&
		[ "$(P=$(mi_escape "$1") awk 'index($5, ENVIRON["P"] "/") == 1 {
				for (i = 7; $i != "-"; i++); print $5, $(i + 1) }' \
			/proc/self/mountinfo | sort |
			paste -d ' ' - <(cd "$1" && stat -c %i $(all_pins)))" \
			= "${want%$'\n'}" ]
}

test_pin_all_into_a_dir_killed_anywhere_recovers() {
	crash_setUp || return 0
	start_target || return
	P=$W/pins
	CMD=(ns-pin -t "$TARGET" -a "$P") MARK=$P
	prepare() { :; }
	finished() { pins_of_target_in "$P"; }
	undo() { ns-pin -d "$P"; }
	clean() { nothing_at "$P"; }
	crash_test
}

test_pin_net_onto_a_file_killed_anywhere_recovers() {
	crash_setUp || return 0
	start_target || return
	P=$W/net
	CMD=(ns-pin -t "$TARGET" -n "$P") MARK=$P
	prepare() { :; }
	finished() { one_pin "$P" "$(ns_inode "$TARGET" net)"; }
	undo() { ns-pin -d "$P"; }
	clean() { nothing_at "$P"; }
	crash_test
}

test_unpin_of_a_dir_killed_anywhere_recovers() {
	crash_setUp || return 0
	start_target || return
	P=$W/pins
	CMD=(ns-pin -d "$P") MARK=$P
	prepare() { ns-pin -t "$TARGET" -a "$P"; }
	finished() { nothing_at "$P"; }
	undo() { :; }
	clean() { nothing_at "$P"; }
	crash_test
}

test_unpin_of_a_file_killed_anywhere_recovers() {
	crash_setUp || return 0
	start_target || return
	P=$W/net
	CMD=(ns-pin -d "$P") MARK=$P
	prepare() { ns-pin -t "$TARGET" -n "$P"; }
	finished() { nothing_at "$P"; }
	undo() { :; }
	clean() { nothing_at "$P"; }
	crash_test
}

# --- ns-unshare -----------------------------------------------------------

test_unshare_pinning_uts_killed_anywhere_recovers() {
	crash_setUp || return 0
	P=$W/uts
	CMD=(ns-unshare --uts="$P" true) MARK=$P
	prepare() { :; }
	finished() { one_pin "$P"; }
	undo() { ns-pin -d "$P"; }
	clean() { nothing_at "$P"; }
	crash_test
}

test_unshare_pinning_a_netns_name_killed_anywhere_recovers() {
	crash_setUp || return 0
	CMD=(ns-unshare --net="$NAME" true) MARK=$NAME
	prepare() { :; }
	finished() { one_pin "$RUN_NETNS/$NAME"; }
	undo() { ns-netns delete "$NAME"; }
	clean() { no_netns; }
	crash_test
}

# --- ns-clone -------------------------------------------------------------

# A pin of another namespace is never replaced, so once the pin is made
# the rerun is refused: ns-clone's undo takes the pin back, runs it again
# (which must replace a stale pidfile and remove it at the end) and takes
# that pin back too.
test_clone_with_pidfile_and_pins_killed_anywhere_recovers() {
	crash_setUp || return 0
	P=$W/clone-pins
	PF=$W/clone.pid
	CMD=(ns-clone --pidfile "$PF" --pin "$P" -u true) MARK=$PF
	prepare() { :; }
	finished() { [ "$(ls -A "$P" 2>/dev/null)" = uts ] && one_pin "$P/uts"; }
	undo() {
		{ [ ! -e "$P" ] || ns-pin -d "$P"; } && "${CMD[@]}" &&
			[ ! -e "$PF" ] && ns-pin -d "$P"
	}
	clean() { nothing_at "$P" && [ -z "$(ls -A "$W")" ]; }
	crash_test
}

# --- bwrap ---------------------------------------------------------------

# The sandbox keeps nothing: killed anywhere (the helper that makes its
# network namespace, the reaper, the child building the root), no process
# of it and no mount of its roots stays here.
test_bwrap_sandbox_killed_anywhere_leaves_nothing() {
	crash_setUp || return 0
	local CRASH_POINTS=4
	CMD=("$TESTDIR/compat/bwrap" --ro-bind / / --dev /dev --proc /proc
		--unshare-all --setenv NSBOX_TEST_MARK "$W/bwrap" true)
	MARK=$W/bwrap
	prepare() { :; }
	finished() { :; }
	undo() { :; }
	clean() { ! grep -q -e /newroot -e /oldroot /proc/self/mountinfo; }
	crash_test
}

run_suite
