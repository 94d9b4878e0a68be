#!/bin/bash
# tests/completion.sh - bash completion (completion/nsbox), loaded into a
# fresh non-interactive bash without the bash-completion package, checked
# against what the applets themselves say (--help, ns-ls -H, nsbox --list),
# against util-linux's own completion where we claim drop-in, and against
# the names, PIDs and files the test makes.
. "$(dirname "$0")/lib.sh"

SCRIPT=$SRC_DIR/completion/nsbox
UL_COMPLETIONS=/usr/share/bash-completion/completions

# offered [-u] [-f FILE] LINE: what TAB offers at the end of LINE, one a
# line, sorted, with FILE (the tree's script) sourced and the function
# registered for LINE's first word called as bash would. Words split at
# blanks and, as readline does by default, at '=' (-u: not at '='). Its
# stderr is left in $TESTDIR/cerr.
offered() {
	local split=1 file=$SCRIPT
	[ "$1" = -u ] && { split=; shift; }
	[ "$1" = -f ] && { file=$2; shift 2; }
	bash --norc --noprofile -c '
		split=$1 line=$3
		source "$2" || exit 1
		read -ra blank <<<"$line"
		[[ $line == *" " ]] && blank+=("")
		COMP_WORDS=()
		for w in "${blank[@]}"; do
			if [[ $split && $w == *=* ]]; then
				COMP_WORDS+=("${w%%=*}" =)
				w=${w#*=}
				[[ $w ]] && COMP_WORDS+=("$w")
			else
				COMP_WORDS+=("$w")
			fi
		done
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		spec=$(complete -p -- "${COMP_WORDS[0]##*/}") || exit 1
		fn=${spec#*-F } fn=${fn%% *}
		"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
	' sh "$split" "$file" "$1" 2>"$TESTDIR/cerr" | sort -u
}

# The options APPLET --help names (short, long, and ns-netns' -all).
help_options() {
	"$NSBOX" "$1" --help |
		grep -oE '(^|[][ ,(|])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[][ ,(|]//' | sort -u
}

# Options offered at each LINE, without the '=' of --net=.
options_offered() {
	local line
	for line in "$@"; do
		offered "$line"
	done | sed 's/=$//' | sort -u
}

# Does LIST (lines) hold the line WORD?
holds() {
	grep -qxF -- "$2" <<<"$1"
}

# A named network namespace for this test: NETNS.
make_netns() {
	NETNS=nsbox-test-compl-$$
	ip netns add "$NETNS" || return 1
	defer "ip netns delete '$NETNS'"
}

# --- the lists cannot drift from the binary ---------------------------

test_every_option_in_help_is_completed_and_no_other() {
	local a
	for a in $(applets); do
		[ "$a" = ns-netns ] && continue
		assertEquals "$a: completion = --help" "$(help_options "$a")" \
			"$(options_offered "$a -")"
	done
}

test_netns_subcommands_and_options_are_those_of_its_help() {
	assertEquals "subcommands" \
		"$("$NSBOX" ns-netns --help |
			sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort)" \
		"$(offered "ns-netns ")"
	assertEquals "options" "$(help_options ns-netns)" \
		"$(options_offered "ns-netns -" "ns-netns add x -" \
			"ns-netns list -" "ns-netns list-id -" \
			"ns-netns veth x -")"
}

test_nsbox_completes_the_applets_it_lists_and_its_options() {
	local got
	got=$(offered "nsbox ")
	assertEquals "applets" "$("$NSBOX" --list | sort)" \
		"$(grep -v '^-' <<<"$got")"
	assertEquals "options" "$(printf '%s\n' --help --install --list \
		--version -V -h | sort)" "$(grep '^-' <<<"$got")"
	assertEquals "--install options" "$(printf '%s\n' --compat -s)" \
		"$(offered "nsbox --install -")"
}

test_columns_are_those_ns_ls_lists() {
	assertEquals "$("$NSBOX" ns-ls -H | awk '{ print $1 }' | sort)" \
		"$(offered "ns-ls -o ")"
	assertEquals "--output too" "$(offered "ns-ls -o ")" \
		"$(offered "ns-ls --output ")"
}

test_types_are_those_ns_ls_help_names() {
	local named
	named=$("$NSBOX" ns-ls --help | tr -s ' \n' '  ' |
		sed -n 's/.*only namespaces of TYPE (\([a-z ]*\)).*/\1/p')
	assertNotEquals "help names types" "" "$named"
	assertEquals "$(tr ' ' '\n' <<<"$named" | sort)" \
		"$(offered "ns-ls -t ")"
	assertEquals "--type=" "$(offered "ns-ls -t ")" \
		"$(offered "ns-ls --type=")"
}

# --- drop-in: what util-linux's own completion offers, ours does too ---

test_every_option_util_linux_completes_is_completed() {
	local name own got opt missing
	[ -r "$UL_COMPLETIONS/lsns" ] || {
		skip_test "no util-linux completion in $UL_COMPLETIONS"
		return
	}
	for name in lsns nsenter; do
		own=$(offered -f "$UL_COMPLETIONS/$name" "$name -" | sed 's/=$//')
		assertNotEquals "$name offers options" "" "$own"
		got=$(offered -f "$SCRIPT" "$(sed "s/lsns/ns-ls/; s/nsenter/ns-exec/" \
			<<<"$name") -" | sed 's/=$//')
		missing=
		for opt in $own; do
			holds "$got" "$opt" || missing="$missing $opt"
		done
		assertEquals "$name options we lack" "" "$missing"
	done
	got=$(offered "ns-ls -t ")
	for opt in $(offered -f "$UL_COMPLETIONS/lsns" "lsns -t "); do
		assertTrue "type $opt as lsns completes it" "holds '$got' $opt"
	done
}

# --- values -------------------------------------------------------------

test_columns_after_a_comma_leave_out_those_given() {
	local got
	got=$(offered "ns-ls -o NS,TYPE,")
	assertTrue "PID after NS,TYPE," "holds '$got' NS,TYPE,PID"
	assertFalse "NS not again" "holds '$got' NS,TYPE,NS"
	assertFalse "TYPE not again" "holds '$got' NS,TYPE,TYPE"
	assertEquals "$(($("$NSBOX" ns-ls -H | wc -l) - 2))" \
		"$(wc -l <<<"$got")"
	assertEquals "a +LIST keeps its +" \
		"$(printf '+NS,%s\n' PATH PID PNS PPID)" \
		"$(offered "ns-ls --output=+NS,P")"
	assertEquals "--output=LIST when '=' splits no word" \
		"$(printf -- '--output=NS,%s\n' PATH PID PNS PPID)" \
		"$(offered -u "ns-ls --output=NS,P")"
}

test_option_values_are_the_words_the_applets_take() {
	assertEquals "private shared slave unchanged" \
		"$(offered "ns-unshare --propagation " | sort | xargs)" \
		"$(printf '%s\n' private shared slave unchanged | sort | xargs)"
	assertEquals "allow deny" "$(printf '%s\n' allow deny)" \
		"$(offered "ns-clone --setgroups ")"
	assertEquals "tree kinds" "$(printf '%s\n' owner parent process)" \
		"$(offered "ns-ls --tree=")"
	assertEquals "follow" follow "$(offered "ns-exec -S ")"
	assertTrue "signals" "holds '$(offered "ns-unshare --kill-child=SIGTE")' SIGTERM"
	run "$TESTDIR/bin/ns-unshare" --kill-child=SIGTERM true
	assertEquals "ns-unshare takes the signal offered" 0 "$RC"
}

test_netns_names_come_from_the_run_directory() {
	need_root || return
	need_cmd ip || return
	make_netns || { fail "ip netns add"; return; }
	local line
	for line in "ns-netns delete nsbox-test-compl" \
		"ns-netns exec nsbox-test-compl" "ns-netns pids nsbox-test-c" \
		"ns-netns veth nsbox-test-c" "ns-netns set nsbox-test-c" \
		"ns-exec --net=nsbox-test-c" "ns-unshare --net=nsbox-test-c" \
		"ns-pin nsbox-test-c" "nsbox ns-exec --net=nsbox-test-c"; do
		assertTrue "$line" "holds '$(offered "$line")' $NETNS"
	done
	assertTrue "--net=NAME whole when '=' splits no word" \
		"holds '$(offered -u "ns-exec --net=nsbox-test-c")' --net=$NETNS"
	run "$TESTDIR/bin/ns-exec" --net="$NETNS" true
	assertEquals "ns-exec joins the name offered" 0 "$RC"
}

# iproute2 6.1 does not read NETNS_RUN_DIR: ns-netns, which does, makes
# the name and is the oracle.
test_netns_run_dir_is_read_as_the_applets_read_it() {
	need_root || return
	local dir
	dir=$(scratch run-dir)
	defer "umount -l '$dir'"	# the self-bind ns-netns makes, as ip does
	export NETNS_RUN_DIR=$dir
	defer unset NETNS_RUN_DIR
	"$NSBOX" ns-netns add nsbox-test-rundir || { fail "ns-netns add"; return; }
	defer "NETNS_RUN_DIR='$dir' '$NSBOX' ns-netns delete nsbox-test-rundir"
	assertEquals "what ns-netns lists there" \
		"$("$NSBOX" ns-netns list | awk '{ print $1 }')" \
		"$(offered "ns-netns delete ")"
	assertFalse "not /run/netns" "[ -e /run/netns/nsbox-test-rundir ]"
}

test_a_pid_we_started_is_offered_for_pid_arguments() {
	local line
	spawn sleep 100
	for line in "ns-exec -t " "ns-exec --target=" "ns-ls -p " \
		"ns-pin -t " "ns-netns identify " "ns-netns attach x " \
		"ns-exec --mount=" "nsbox ns-exec -t "; do
		assertTrue "$line" \
			"holds '$(offered "$line${SPAWNED:0:2}")' $SPAWNED"
	done
	assertFalse "not for a file NSREF" \
		"holds '$(offered "ns-exec --mount=/proc/self/ns/mn")' $SPAWNED"
}

test_nsref_and_path_arguments_complete_files() {
	local dir
	dir=$(scratch files)
	touch "$dir/pin-a"
	assertEquals "/proc/self/ns/net" "/proc/self/ns/net" \
		"$(offered "ns-exec /proc/self/ns/ne")"
	assertEquals "--uts=" "/proc/self/ns/uts" \
		"$(offered "ns-exec --uts=/proc/self/ns/ut")"
	assertEquals "ns-pin -d" "$dir/pin-a" "$(offered "ns-pin -d $dir/pin")"
	assertEquals "ns-pin TARGET" "$dir/pin-a" \
		"$(offered "ns-pin /proc/self/ns/uts $dir/pin")"
	assertEquals "--root takes directories" "$dir" \
		"$(offered "ns-unshare -R ${dir%/*}/nsbox-test-fil")"
}

test_nsid_operand_offers_the_inodes_ns_ls_finds() {
	need_root || return
	local ino
	spawn_target unshare -u sleep 100 || return
	ino=$(ns_inode "$TARGET" uts)
	assertTrue "uts inode of our target" \
		"holds '$(offered "ns-ls ${ino:0:6}")' $ino"
}

# --- commands: chain-loaders and the dispatcher -------------------------

test_the_command_word_completes_command_names() {
	local line
	for line in "ns-unshare -f ls" "ns-unshare -- ls" "ns-clone -p ls" \
		"ns-exec -t 1 ls" "ns-exec /proc/self/ns/uts ls" \
		"ns-netns exec nsbox-test-x ls" "ns-netns -all exec ls" \
		"nsbox ns-unshare -r ls"; do
		assertTrue "$line" "holds '$(offered "$line")' ls"
	done
	assertFalse "an option's value is no command" \
		"holds '$(offered "ns-unshare --propagation ls")' ls"
}

test_nsbox_applet_completes_as_the_applet() {
	local line
	for line in "ns-ls -" "ns-ls -o NS,T" "ns-exec -" "ns-netns " \
		"ns-pin --" "lsns -t " "nsenter --n" "unshare --ma"; do
		assertEquals "nsbox $line" \
			"$(offered "$(sed 's/^lsns/ns-ls/; s/^nsenter/ns-exec/;
				s/^unshare/ns-unshare/' <<<"$line")")" \
			"$(offered "nsbox $line")"
	done
}

test_bad_input_offers_nothing_and_says_nothing() {
	local line
	for line in "nsbox nosuch -" "nsbox nsbox -" "ns-ls --bogus=" \
		"ns-netns nosuch " "ns-netns --help "; do
		assertEquals "$line" "" "$(offered "$line")"
		assertEquals "$line: no errors" "" "$(cat "$TESTDIR/cerr")"
	done
}

# --- install: one file per command name --------------------------------

# install_to ROOT ARG...: install.sh into ROOT (prefix /usr); COMP is its
# completion directory.
install_to() {
	local root=$1
	shift
	COMP=$root/usr/share/bash-completion/completions
	sh "$SRC_DIR/install.sh" --binary "$NSBOX" --destdir "$root" \
		--prefix /usr "$@" >/dev/null
}

test_install_puts_a_completion_file_for_each_name() {
	local root=$TESTDIR/nsbox-test-comp-root name
	defer rm -rf "$root"
	install_to "$root" || { fail "install.sh"; return; }
	assertEquals "nsbox and every name --list prints" \
		"$( ("$NSBOX" --list; echo nsbox) | sort)" "$(ls "$COMP")"
	assertTrue "the script" "cmp -s '$SCRIPT' '$COMP/nsbox'"
	for name in $("$NSBOX" --list); do
		assertEquals "$name" nsbox "$(readlink "$COMP/$name")"
	done
	assertEquals "as installed" "$(offered "ns-ls -")" \
		"$(offered -f "$COMP/ns-ls" "ns-ls -")"
}

test_compat_names_are_left_to_util_linux_without_compat() {
	local root=$TESTDIR/nsbox-test-comp-root name
	defer rm -rf "$root"
	install_to "$root" || { fail "install.sh"; return; }
	for name in $(compat_links); do
		assertFalse "no $name file" "[ -e '$COMP/$name' ]"
		assertEquals "$name not ours" "" \
			"$(offered -f "$COMP/ns-ls" "$name -")"
	done
}

test_compat_names_complete_as_nsbox_once_installed_with_compat() {
	local root=$TESTDIR/nsbox-test-comp-root name
	defer rm -rf "$root"
	install_to "$root" --compat || { fail "install.sh"; return; }
	for name in $(compat_links); do
		assertEquals "$name" nsbox "$(readlink "$COMP/$name")"
		# Loaded as any name, the script completes every compat name.
		assertNotEquals "$name" "" \
			"$(offered -f "$COMP/$name" "$name -")"
		assertNotEquals "$name, loaded as ns-ls" "" \
			"$(offered -f "$COMP/ns-ls" "$name -")"
	done
	assertEquals "lsns -o is ns-ls -o" "$(offered "ns-ls -o ")" \
		"$(offered -f "$COMP/lsns" "lsns -o ")"
}

test_uninstall_removes_the_completion_and_leaves_what_is_not_ours() {
	local root=$TESTDIR/nsbox-test-comp-root
	defer rm -rf "$root"
	install_to "$root" --compat || { fail "install.sh"; return; }
	rm "$COMP/lsns"
	echo "complete -F _lsns_module lsns" >"$COMP/lsns"
	sh "$SRC_DIR/install.sh" --uninstall --destdir "$root" --prefix /usr \
		>/dev/null
	assertEquals "only the other lsns is left" lsns "$(ls "$COMP")"
}

test_no_completion_installs_none() {
	local root=$TESTDIR/nsbox-test-comp-root
	defer rm -rf "$root"
	install_to "$root" --no-completion || { fail "install.sh"; return; }
	assertFalse "no completion directory" "[ -e '$COMP' ]"
	assertTrue "the binary still" "[ -x '$root/usr/bin/nsbox' ]"
	assertTrue "the man pages still" "[ -e '$root/usr/share/man/man1/nsbox.1' ]"
}

# An initramfs (--no-man) has no bash either.
test_no_man_installs_no_completion_either() {
	local root=$TESTDIR/nsbox-test-comp-root
	defer rm -rf "$root"
	install_to "$root" --no-man || { fail "install.sh"; return; }
	assertFalse "no completion directory" "[ -e '$COMP' ]"
}

test_make_install_honours_destdir_and_completiondir() {
	local root=$TESTDIR/nsbox-test-make-root
	defer rm -rf "$root"
	make -s -q -C "$SRC_DIR" build/nsbox 2>/dev/null ||
		{ skip_test "build/nsbox is not built and up to date"; return; }
	make -s -C "$SRC_DIR" install DESTDIR="$root" PREFIX=/usr \
		COMPLETIONDIR=/usr/share/bc >/dev/null ||
		{ fail "make install"; return; }
	assertTrue "the script" "cmp -s '$SCRIPT' '$root/usr/share/bc/nsbox'"
	assertEquals ns-ls "nsbox" "$(readlink "$root/usr/share/bc/ns-ls")"
	make -s -C "$SRC_DIR" uninstall DESTDIR="$root" PREFIX=/usr \
		COMPLETIONDIR=/usr/share/bc >/dev/null
	assertEquals "uninstalled" "" "$(ls "$root/usr/share/bc")"
}

# --- with the bash-completion package, as an interactive shell has it ---

BC_MAIN=/usr/share/bash-completion/bash_completion

# with_loader ROOT CODE: CODE in a bash that has bash-completion loaded and
# ROOT/usr/share first in XDG_DATA_DIRS, as if installed there.
with_loader() {
	XDG_DATA_DIRS=$1/usr/share:/usr/share bash --norc --noprofile -c "
		shopt -s progcomp
		source $BC_MAIN
		$2" 2>&1
}

test_bash_completion_loader_finds_the_file_by_command_name() {
	[ -r "$BC_MAIN" ] || { skip_test "needs bash-completion"; return; }
	local root=$TESTDIR/nsbox-test-comp-root name
	defer rm -rf "$root"
	install_to "$root" --compat || { fail "install.sh"; return; }
	for name in $("$NSBOX" --list) nsbox $(compat_links); do
		assertEquals "$name" "complete -F _nsbox $name" \
			"$(with_loader "$root" "__load_completion $name
				complete -p $name")"
	done
}

test_command_arguments_get_the_command_own_completion() {
	[ -r "$BC_MAIN" ] || { skip_test "needs bash-completion"; return; }
	local root=$TESTDIR/nsbox-test-comp-root
	defer rm -rf "$root"
	install_to "$root" || { fail "install.sh"; return; }
	# ns-unshare's COMMAND is ns-ls: its -t is completed as ns-ls's.
	assertEquals "$(offered "ns-ls -t ")" \
		"$(with_loader "$root" "
			PATH=$TESTDIR/bin:\$PATH
			__load_completion ns-unshare
			COMP_WORDS=(ns-unshare -f ns-ls -t '')
			COMP_CWORD=4 COMP_LINE='ns-unshare -f ns-ls -t '
			COMP_POINT=\${#COMP_LINE}
			_nsbox ns-unshare '' -t
			printf '%s\n' \"\${COMPREPLY[@]}\"" | sort)"
}

run_suite
