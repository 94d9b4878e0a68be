#!/bin/bash
# tests/ns-ls-filter.sh - ns-ls -Q/--filter (lsns 2.41's libsmartcols
# filter) and -H/--list-columns (lsns 2.43's), checked against awk over
# ns-ls's own unfiltered rows, against util-linux's own test
# expectations for lsns --filter, and against lsns 2.38's column list.
. "$(dirname "$0")/lib.sh"

# Every column the expressions read; COMMAND last, as raw escapes its
# blanks (\x20) and awk splits on single spaces.
COLS=NS,TYPE,NPROCS,PID,PPID,UID,USER,NETNSID,NSFS,PNS,ONS,COMMAND

# same_as_awk EXPR AWK: the namespaces -Q EXPR keeps, shown by NS alone
# (so every other column is read though not shown), are those AWK keeps
# of the unfiltered rows (-l: in inode order, whatever process trees
# the machine has). Namespaces come and go: a pass whose
# unfiltered rows changed meanwhile is tried again.
same_as_awk() {
	local i before after kept want
	for i in 1 2 3 4 5 6; do
		before=$(ns-ls -l -r -n -o "$COLS")
		kept=$(ns-ls -r -n -o NS -Q "$1") ||
			{ fail "-Q '$1' failed"; return; }
		after=$(ns-ls -l -r -n -o "$COLS")
		[ "$before" = "$after" ] && break
	done
	want=$(printf '%s\n' "$before" | awk -F '[ ]' "$2 { print \$1 }")
	assertNotEquals "-Q '$1' keeps some rows" "" "$kept"
	assertNotEquals "-Q '$1' drops some rows" \
		"$(printf '%s\n' "$before" | wc -l)" "$(printf '%s\n' "$kept" | wc -l)"
	assertEquals "-Q '$1'" "$want" "$kept"
}

# some_namespaces: rows of every kind to select from: a process alone in
# new user, net, uts and ipc namespaces (PID > 100, NPROCS 1, COMMAND
# "sleep 1000") and a network namespace no process is in (no PID).
some_namespaces() {
	need_root || return 1
	need_cmd unshare ip || return 1
	spawn_target unshare -U -r -n -u -i sleep 1000 || return 1
	ip netns add "nsbox-test-filter-$$" ||
		{ fail "ip netns add"; return 1; }
	defer "ip netns del 'nsbox-test-filter-$$'"
}

# Fields: 1 NS 2 TYPE 3 NPROCS 4 PID 5 PPID 6 UID 7 USER 8 NETNSID 9 NSFS
# 10 PNS 11 ONS 12 COMMAND.
test_numeric_comparisons_select_as_awk() {
	some_namespaces || return 0
	same_as_awk 'NPROCS > 1' '$3 > 1'
	same_as_awk 'NPROCS <= 1' '$3 <= 1'
	same_as_awk 'NS >= 4026531837' '$1 >= 4026531837'
	same_as_awk 'PID lt 100' '$4 != "" && $4 < 100'
	same_as_awk 'ONS == 4026531837' '$11 == 4026531837'
	same_as_awk 'NPROCS < 1K && NPROCS > 1' '$3 < 1024 && $3 > 1'
}

test_string_comparisons_select_as_awk() {
	some_namespaces || return 0
	same_as_awk 'TYPE == "net"' '$2 == "net"'
	same_as_awk "TYPE != 'user'" '$2 != "user"'
	same_as_awk 'TYPE < "p"' '$2 < "p"'
	# A number column against a string compares the number's text.
	same_as_awk 'NS == "4026531836"' '$1 == "4026531836"'
	same_as_awk 'NETNSID == "unassigned"' '$8 == "unassigned"'
}

test_regex_matches_select_as_awk() {
	some_namespaces || return 0
	same_as_awk 'TYPE =~ "^(net|user)$"' '$2 ~ /^(net|user)$/'
	same_as_awk 'TYPE !~ "[cu]"' '$2 !~ /[cu]/'
	# (mawk has no {m,n})
	same_as_awk 'COMMAND =~ "^[[:lower:]]{2,3}e+p"' \
		'$12 ~ /^[[:lower:]][[:lower:]][[:lower:]]?e+p/'
	same_as_awk 'TYPE =~ "s?[p-u]+.?e"' '$2 ~ /s?[p-u]+.?e/'
}

test_and_or_not_and_parentheses_select_as_awk() {
	some_namespaces || return 0
	same_as_awk 'TYPE == "net" && NPROCS > 1' '$2 == "net" && $3 > 1'
	same_as_awk 'TYPE eq "mnt" or TYPE eq "uts"' '$2 == "mnt" || $2 == "uts"'
	same_as_awk '!(TYPE == "pid")' '!($2 == "pid")'
	same_as_awk 'not (TYPE == "pid")' '$2 != "pid"'
	# As in libsmartcols, ! binds to the term: (!TYPE) == "pid" is
	# false == false, true of every row.
	same_as_awk '(TYPE == "pid") || (not TYPE == "pid" && NPROCS == 1)' \
		'$2 == "pid" || $3 == 1'
	same_as_awk 'TYPE != "ipc" and (NPROCS > 1 || PID > 1000)' \
		'$2 != "ipc" && ($3 > 1 || ($4 != "" && $4 > 1000))'
	# libsmartcols gives && and || one precedence, left to right.
	same_as_awk 'TYPE == "net" || TYPE == "user" && NPROCS > 1' \
		'($2 == "net" || $2 == "user") && $3 > 1'
}

test_a_column_alone_is_true_when_not_empty_or_zero() {
	some_namespaces || return 0
	same_as_awk 'PID' '$4 != "" && $4 != 0'
	same_as_awk 'NETNSID' '$8 != ""'
	same_as_awk '!NETNSID' '$8 == ""'
}

# util-linux tests/ts/lsns/filter: a process alone in its user namespace.
test_ns_and_nprocs_filter_gives_the_lone_process_as_lsns_test() {
	need_userns || return 0
	local inode opt
	spawn_target unshare -U sleep 1000 || return
	inode=$(ns_inode "$TARGET" user)
	for opt in -Q --filter; do
		run ns-ls -n --raw -o PID "$opt" "NS == $inode && NPROCS == 1"
		assertEquals "$ERR" 0 "$RC"
		assertEquals "$opt: the lone process" "$TARGET" "$OUT"
	done
}

# util-linux tests/ts/lsns/netnsid-for-persistent-namespaces.
test_netnsid_filter_finds_a_persistent_namespace_as_lsns_test() {
	need_root || return 0
	need_cmd ip || return 0
	local name=nsbox-test-filter-$$ id col want
	ip netns add "$name" || { fail "ip netns add $name"; return; }
	defer "ip netns del '$name'"
	for id in $(seq $((1000 + $$ % 50000)) $((1050 + $$ % 50000))); do
		ip netns set "$name" "$id" 2>/dev/null && break
	done
	for col in NETNSID TYPE NSFS; do
		case $col in
		NETNSID) want=$id ;;
		TYPE) want=net ;;
		NSFS) want=/run/netns/$name ;;
		esac
		run ns-ls --raw --noheadings --filter "NETNSID == '$id'" \
			--output "$col"
		assertEquals "$ERR" 0 "$RC"
		assertEquals "-o $col" "$want" "$OUT"
	done
}

test_filtered_out_parent_leaves_its_children_as_roots() {
	need_userns || return 0
	local inner outer
	spawn_target unshare -U -r unshare -U sleep 1000 || return
	inner=$(ns_inode "$TARGET" user)
	outer=$(ns-ls -n -r -o PNS -t user -p "$TARGET")
	run ns-ls -n --tree=parent -o NS -Q "NS == $inner || NS == $outer"
	assertEquals "under its parent" "$outer
└─$inner" "$(printf '%s\n' "$OUT" | sed 's/^ *//')"
	run ns-ls -n --tree=parent -o NS -Q "NS == $inner"
	assertEquals "a root" "$inner" "$OUT"
}

assert_bad() {
	assertEquals "status ($ERR)" 1 "$RC"
	assertEquals "nothing on stdout" "" "$OUT"
	assertEquals "one line: $ERR" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	assertContains "says what failed: $ERR" "$ERR" "ns-ls: failed to $1"
	assertContains "names it: $ERR" "$ERR" "$2"
}

test_bad_expressions_are_one_error_line_and_status_1() {
	run ns-ls -Q '(NS == 1'
	assert_bad parse "unexpected end at column 9"
	run ns-ls -Q 'NS == 1)'
	assert_bad parse "unexpected ')' at column 8"
	run ns-ls -Q 'NSBOX_TEST == 1'
	assert_bad parse "unknown column 'NSBOX_TEST' at column 1"
	run ns-ls -Q 'COMMAND =~ "(sleep"'
	assert_bad parse "regular expression: unmatched ( or ) at column 12"
	run ns-ls -Q 'COMMAND =~ "[z-a]"'
	assert_bad parse "invalid range end"
	run ns-ls -Q 'NS == 1 NPROCS'
	assert_bad parse "unexpected 'NPROCS' at column 9"
	run ns-ls -Q "TYPE == 'net"
	assert_bad parse "unterminated string at column 9"
	run ns-ls -Q 'NS == 1 & NPROCS'
	assert_bad parse "unexpected '&' at column 9"
	run ns-ls --filter ''
	assert_bad parse "unexpected end at column 1"
	# A string column against a number must hold numbers.
	run ns-ls -Q 'TYPE == 5'
	assert_bad "apply filter" "is not a number"
}

# lsns 2.43 -H: NAME <type> DESCRIPTION, names right-aligned; lsns 2.38
# has no -H but lists the same names and descriptions in its --help.
test_list_columns_as_lsns() {
	need_cmd lsns || return 0
	local name desc line n=0
	run ns-ls -H
	assertEquals "$ERR" 0 "$RC"
	while read -r name desc; do
		line=$(printf '%s\n' "$OUT" | grep -E "^ *$name <")
		assertEquals "$name" "$(printf '%7s' "$name") $desc" \
			"$(printf '%s\n' "$line" | sed 's/ <[a-z]*> */ /')"
		n=$((n + 1))
	done < <(lsns --help | sed -n '/^Available output columns/,/^$/p' |
		awk 'NR > 1 && NF')
	assertEquals "lsns's 13 columns read" 13 "$n"
	assertEquals "lsns's first, ours last" "NS ID" \
		"$(printf '%s\n' "$OUT" | awk 'NR == 1 || NR == 17 { printf "%s%s", s, $1; s = " " }')"
	assertEquals "NS holds numbers" "     NS <integer> namespace identifier (inode number)" \
		"$(printf '%s\n' "$OUT" | head -n 1)"
	assertEquals "TYPE holds text" "   TYPE <string>  kind of namespace" \
		"$(printf '%s\n' "$OUT" | sed -n 2p)"
	run ns-ls -H -r
	assertEquals "raw" 'NETNSID <string> namespace\x20ID\x20as\x20used\x20by\x20network\x20subsystem' \
		"$(printf '%s\n' "$OUT" | grep '^NETNSID')"
	run ns-ls -H -J
	assertEquals "JSON" "NS <integer> namespace identifier (inode number)|17" \
		"$(printf '%s\n' "$OUT" | perl -MJSON::PP -e 'local $/;
			my $c = decode_json(<STDIN>)->{"lsns-columns"};
			print "$c->[0]{holder} $c->[0]{type} $c->[0]{description}|",
			    scalar(@$c), "\n"')"
}

run_suite
