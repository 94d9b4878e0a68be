#!/bin/bash
# tests/multicall.sh - the dispatcher's contract, for every applet listed.
. "$(dirname "$0")/lib.sh"

# The names installed by default, in the order of the one list: every
# applet and the DEFAULT links (ns-setns), no compat link.
default_names() {
	sed -n -e 's/^APPLET([a-z_]*, *"\([^"]*\)".*/\1/p' \
		-e 's/^LINK([a-z_]*, *"\([^"]*\)".*DEFAULT.*/\1/p' \
		"$SRC_DIR/common/applets.h"
}

# CHAIN or REPORT: how the one list says NAME fails.
kind_of() {
	sed -n "s/^[A-Z]*([a-z_]*, *\"$1\", *\([A-Z]*\).*/\1/p" \
		"$SRC_DIR/common/applets.h"
}

# The applet NAME is a name of (ns-exec for nsenter).
primary_of() {
	local fn
	fn=$(sed -n "s/^[A-Z]*(\([a-z_]*\), *\"$1\".*/\1/p" \
		"$SRC_DIR/common/applets.h")
	sed -n "s/^APPLET($fn, *\"\([^\"]*\)\".*/\1/p" \
		"$SRC_DIR/common/applets.h"
}

# The directory of the link test runs use for NAME.
link_dir_of() {
	if compat_links | grep -qx "$1"; then
		echo "$TESTDIR/compat"
	else
		echo "$TESTDIR/bin"
	fi
}

test_list_names_every_applet_in_the_one_list() {
	run "$NSBOX" --list
	assertEquals 0 "$RC"
	assertEquals "$(default_names)" "$OUT"
	assertContains "ns-exec's other name" "$OUT" "ns-setns"
	for name in $(compat_links); do
		assertEquals "no compat $name" "" "$(grep -x "$name" <<<"$OUT")"
	done
}

test_no_arguments_lists_applets() {
	run "$NSBOX"
	assertEquals 0 "$RC"
	assertEquals "$(default_names)" "$OUT"
}

# What --list prints is what a default install links to nsbox.
test_list_is_what_install_sh_links_by_default() {
	local root=$TESTDIR/nsbox-test-list-root
	defer rm -rf "$root"
	sh "$SRC_DIR/install.sh" --binary "$NSBOX" --destdir "$root" \
		--prefix /usr >/dev/null
	assertEquals "$(find "$root/usr/bin" -type l -printf '%f\n' | sort)" \
		"$("$NSBOX" --list | sort)"
}

test_help_names_the_name_it_was_called_by() {
	local name dir own
	for name in $(applet_links); do
		[ "$name" = bwrap ] && continue # bubblewrap's: tests/bwrap.sh
		dir=$(link_dir_of "$name")
		run "$dir/$name" --help
		assertEquals "$name --help" 0 "$RC"
		assertEquals "$name usage line" "Usage: $name " \
			"$(head -n 1 <<<"$OUT" | cut -c1-$((8 + ${#name})))"
		# Not a word of it names the applet under another name.
		own=$(primary_of "$name")
		[ "$own" = "$name" ] && continue
		assertEquals "$name --help never says $own" "" \
			"$(grep -w -- "$own" <<<"$OUT")"
		assertEquals "nsbox $name --help is the same" "$OUT" \
			"$("$NSBOX" "$name" --help)"
	done
	assertEquals "ns-pin's other usage lines too" \
		"       ns-pin -d|--unpin PATH..." \
		"$(ns-pin --help | sed -n 2p)"
}

test_usage_error_names_the_name_it_was_called_by() {
	local name dir status
	for name in $(applet_links); do
		[ "$name" = bwrap ] && continue # bubblewrap's: tests/bwrap.sh
		dir=$(link_dir_of "$name")
		status=1
		[ "$(kind_of "$name")" = CHAIN ] && status=125
		run "$dir/$name" --nsbox-test-bogus
		assert_usage_error "$name" "$status" \
			"$name: unrecognized option '--nsbox-test-bogus'"
	done
	# The peers say the same first and last line (their status is 1).
	for name in $(compat_links); do
		need_cmd "$name" || return 0
		run "$TESTDIR/compat/$name" --nsbox-test-bogus
		local ours_first ours_last
		ours_first=$(head -n 1 <<<"$ERR")
		ours_last=$(tail -n 1 <<<"$ERR")
		run "$name" --nsbox-test-bogus
		assertEquals "$name: first line as the peer's" \
			"$(head -n 1 <<<"$ERR")" "$ours_first"
		assertEquals "$name: Try line as the peer's" \
			"$(tail -n 1 <<<"$ERR")" "$ours_last"
	done
}

test_version_names_the_name_it_was_called_by() {
	local name
	for name in $(applet_links); do
		run "$(link_dir_of "$name")/$name" --version
		assertEquals "$name --version" "$name (nsbox) 0.1.0" "$OUT"
		[ "$name" = bwrap ] && continue # no -V in bubblewrap's grammar
		run "$NSBOX" "$name" -V
		assertEquals "nsbox $name -V" "$name (nsbox) 0.1.0" "$OUT"
	done
}

test_unknown_name_exits_127() {
	run "$NSBOX" nsbox-test-nope --help
	assertEquals 127 "$RC"
	assertEquals "nsbox-test-nope: applet not found" "$ERR"
	# (A name that begins with nsbox is the dispatcher: not this one.)
	local d
	d=$(scratch unknown-link)
	defer rm -rf "$d"
	ln -s "$NSBOX" "$d/no-such-applet"
	run "$d/no-such-applet"
	assertEquals 127 "$RC"
	assertEquals "no-such-applet: applet not found" "$ERR"
}

# BusyBox's rule for busybox*: the static build's own name, an arch suffix
# or any other name that begins with nsbox is the dispatcher.
test_any_nsbox_name_is_the_dispatcher() {
	local d name
	d=$(scratch dispatcher-names)
	defer rm -rf "$d"
	for name in nsbox-static nsbox-x86_64 nsbox.old; do
		cp "$NSBOX" "$d/$name"
		run "$d/$name" --list
		assertEquals "$name --list ($ERR)" "0 $(default_names)" "$RC $OUT"
		run "$d/$name" ns-ls --version
		assertEquals "$name ns-ls" "ns-ls (nsbox) 0.1.0" "$OUT"
		run "$d/$name" nsbox-test-nope
		assertEquals "$name: unknown applet" \
			"127 nsbox-test-nope: applet not found" "$RC $ERR"
	done
}

# A name that is no applet, as argv[0] "/proc/self/exe" gives: the
# executable's own file name decides, if it is an applet's.
test_executable_name_decides_when_argv0_names_no_applet() {
	local d
	d=$(scratch exe-name)
	defer rm -rf "$d"
	cp "$NSBOX" "$d/ns-ls"
	run bash -c 'exec -a /proc/self/exe "$0" --version' "$d/ns-ls"
	assertEquals "($ERR)" "ns-ls (nsbox) 0.1.0" "$OUT"
	cp "$NSBOX" "$d/not-an-applet"
	run bash -c 'exec -a /proc/self/exe "$0" --version' "$d/not-an-applet"
	assertEquals "neither name is one" "127 exe: applet not found" \
		"$RC $ERR"
}

# nsbox --install [-s] [--compat] DIR, for an image with no install
# script: a link per applet name, hard or symbolic, compat names on
# request; a rerun changes nothing; what is there and not us stays.
test_install_makes_a_link_per_applet() {
	local d name self
	d=$(scratch install)
	defer rm -rf "$d"
	mkdir "$d/bin" "$d/sym"
	cp "$NSBOX" "$d/nsbox-static"
	self=$(stat -c %i "$d/nsbox-static")
	run "$d/nsbox-static" --install "$d/bin"
	assertEquals "hard links ($ERR)" 0 "$RC"
	for name in $(applet_links); do
		if compat_links | grep -qx "$name"; then
			assertFalse "no compat $name" "[ -e '$d/bin/$name' ]"
		else
			assertEquals "hard link $name" "$self" \
				"$(stat -c %i "$d/bin/$name" 2>&1)"
		fi
	done
	run "$d/bin/ns-ls" --version
	assertEquals "a link runs" "ns-ls (nsbox) 0.1.0" "$OUT"
	run "$d/nsbox-static" --install "$d/bin"
	assertEquals "a rerun ($ERR)" "0 ''" "$RC '$ERR'"
	run "$d/nsbox-static" --install -s --compat "$d/sym"
	assertEquals "symbolic ($ERR)" 0 "$RC"
	for name in $(applet_links); do
		assertEquals "symlink $name" "$d/nsbox-static" \
			"$(readlink "$d/sym/$name")"
	done
	echo nsbox-test-not-us >"$d/bin/lsns"
	run "$d/nsbox-static" --install --compat "$d/bin"
	assertEquals "a foreign file: status" 1 "$RC"
	assertContains "named" "$ERR" "$d/bin/lsns: File exists"
	assertEquals "left as it was" nsbox-test-not-us "$(cat "$d/bin/lsns")"
	assertEquals "the other compat names made" "$self" \
		"$(stat -c %i "$d/bin/nsenter")"
}

test_install_bad_input() {
	local d
	d=$(scratch install-bad)
	defer "umount '$d/tmpfs' 2>/dev/null; rm -rf '$d'"
	run "$NSBOX" --install
	assertEquals "no DIR" 1 "$RC"
	assertContains "$ERR" "usage: nsbox --install"
	run "$NSBOX" --install -x "$d"
	assertEquals "unknown option" 1 "$RC"
	run "$NSBOX" --install "$d/missing"
	assertEquals "missing DIR" "1 nsbox: --install: $d/missing is not a directory" \
		"$RC $ERR"
	assertFalse "nothing made" "[ -e '$d/missing' ]"
	need_root || return 0
	mkdir "$d/tmpfs"
	mount -t tmpfs nsbox-test "$d/tmpfs" || { fail "tmpfs"; return; }
	run "$NSBOX" --install "$d/tmpfs"
	assertEquals "across file systems" 1 "$RC"
	assertContains "the cause (glibc and musl word it apart)" "$ERR" "ross-device link"
	assertContains "the way round" "$ERR" "-s makes symbolic links"
	assertEquals "nothing made there" "" "$(ls -A "$d/tmpfs")"
}

test_no_prefix_guessing() {
	run "$NSBOX" ns-unsh true
	assertEquals 127 "$RC"
}

test_nsbox_applet_equals_applet_link() {
	local name
	for name in $(applets); do
		assertEquals "$name --help" "$("$NSBOX" "$name" --help)" \
			"$("$TESTDIR/bin/$name" --help)"
		assertEquals "$name --version" "$name (nsbox) 0.1.0" \
			"$("$NSBOX" "$name" --version)"
	done
	# Same kernel effect both ways: a new UTS namespace.
	local host
	host=$(ns_inode $$ uts)
	assertNotEquals "$host" "$("$NSBOX" ns-unshare -u stat -L -c %i /proc/self/ns/uts)"
	assertNotEquals "$host" "$(ns-unshare -u stat -L -c %i /proc/self/ns/uts)"
}

test_help_exits_0_on_stdout_for_every_name() {
	local name
	for name in $(applet_links); do
		run "$NSBOX" "$name" --help
		assertEquals "$name --help status" 0 "$RC"
		assertEquals "$name --help stderr" "" "$ERR"
		assertContains "$name --help" "$OUT" "sage: "
		[ "$name" = bwrap ] && continue # no -h in bubblewrap's grammar
		run "$NSBOX" "$name" -h
		assertEquals "$name -h status" 0 "$RC"
	done
}

# One option grammar for every applet (common/opt.c): getopt_long's,
# without permutation.
test_long_option_may_be_abbreviated_while_unambiguous() {
	local host
	host=$(ns_inode $$ uts)
	assertNotEquals "--ut is --uts" "$host" \
		"$(ns-unshare --ut stat -L -c %i /proc/self/ns/uts)"
	run ns-clone --cg "$TESTDIR" true
	assertEquals 125 "$RC"
	assertEquals "ns-clone: option '--cg' is ambiguous" "$(head -n 1 <<<"$ERR")"
}

test_option_argument_errors_name_the_option() {
	run ns-exec --target
	assertEquals 125 "$RC"
	assertEquals "ns-exec: option '--target' requires an argument" "$(head -n 1 <<<"$ERR")"
	run ns-exec -t
	assertEquals "ns-exec: option requires an argument -- 't'" "$(head -n 1 <<<"$ERR")"
	run ns-unshare --fork=3 true
	assertEquals 125 "$RC"
	assertEquals "ns-unshare: option '--fork' doesn't allow an argument" "$(head -n 1 <<<"$ERR")"
	run ns-ls -Z
	assertEquals 1 "$RC"
	assertEquals "ns-ls: invalid option -- 'Z'" "$(head -n 1 <<<"$ERR")"
	# Options end at "-" and "--": what follows is the command's.
	run ns-unshare -u -- stat -L -c %i /proc/self/ns/uts
	assertEquals 0 "$RC"
	assertNotEquals "$(ns_inode $$ uts)" "$OUT"
}

# Buffered output (common/out.c) that cannot be written is an error, not
# a silent loss; a reader that stops early is not.
test_write_error_on_stdout_fails_the_reporter() {
	[ -w /dev/full ] || { skip_test "needs /dev/full"; return; }
	run ns-ls
	assertEquals 0 "$RC"
	ns-ls >/dev/full 2>"$TESTDIR/err"
	assertEquals "ns-ls" 1 $?
	assertEquals "ns-ls: write error: No space left on device" "$(cat "$TESTDIR/err")"
	"$NSBOX" --list >/dev/full 2>/dev/null
	assertEquals "nsbox --list" 1 $?
	ns-pin --help >/dev/full 2>/dev/null
	assertEquals "ns-pin --help" 1 $?
}

# CMD... with standard output a pipe whose reader is gone before CMD
# writes, SIGPIPE ignored: every write fails with EPIPE.
with_closed_pipe() {
	perl -e 'pipe(my $r, my $w) or die; close $r;
		open(STDOUT, ">&", $w) or die; $SIG{PIPE} = "IGNORE";
		exec @ARGV or die' "$@"
}

test_reader_that_stops_early_is_no_error() {
	need_cmd perl || return
	run with_closed_pipe ns-ls
	assertEquals 0 "$RC"
	assertEquals "" "$ERR"
	run with_closed_pipe sh -c 'echo x; echo "rc=$?" >&2'
	assertContains "the pipe did fail" "$ERR" "rc=1"
}

test_every_applet_has_a_man_page_and_a_test_file() {
	local name
	for name in $(applets); do
		assertTrue "man/$name.1" "[ -f '$SRC_DIR/man/$name.1' ]"
		assertTrue "tests/$name.sh" "[ -f '$SRC_DIR/tests/$name.sh' ]"
		assertTrue "applets/$name.c" "[ -f '$SRC_DIR/applets/$name.c' ]"
	done
	assertTrue "man/nsbox.1" "[ -f '$SRC_DIR/man/nsbox.1' ]"
}

test_help_first_line_is_the_man_synopsis() {
	need_cmd mandoc || return 0
	local name synopsis usage
	for name in $(applets); do
		usage=$("$NSBOX" "$name" --help | head -n 1 | sed 's/^Usage: //')
		synopsis=$(MANWIDTH=200 mandoc -T utf8 "$SRC_DIR/man/$name.1" |
			col -b | sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//')
		assertEquals "$name synopsis" "$usage" "$synopsis"
	done
}

test_man_pages_are_lint_clean() {
	need_cmd mandoc || return 0
	run mandoc -Tlint -W warning "$SRC_DIR"/man/*.1
	assertEquals "$OUT$ERR" 0 "$RC"
}

test_setuid_use_is_refused() {
	need_root || return 0
	local copy=$TESTDIR/nsbox-test-suid/nsbox
	mkdir -p "${copy%/*}"
	chmod 755 "${copy%/*}"
	cp "$NSBOX" "$copy"
	defer rm -rf "${copy%/*}"
	chmod 4755 "$copy"
	run as_nobody "$copy" ns-unshare -u true
	assertEquals 125 "$RC"
	assertContains "$ERR" "set-uid"
}

# A copy with file capabilities runs with AT_SECURE and equal ids: it
# would honour NETNS_RUN_DIR from a user who could then pin anywhere.
test_file_capabilities_are_refused() {
	need_root || return 0
	need_cmd setcap || return 0
	local copy=$TESTDIR/nsbox-test-fcaps/nsbox
	mkdir -p "${copy%/*}" "${copy%/*}/run"
	chmod 755 "${copy%/*}"
	chown 65534 "${copy%/*}/run"
	cp "$NSBOX" "$copy"
	defer rm -rf "${copy%/*}"
	setcap cap_sys_admin+ep "$copy" || { fail "setcap"; return; }
	run as_nobody env NETNS_RUN_DIR="${copy%/*}/run" \
		"$copy" ns-netns add nsbox-test-fcaps
	assertEquals "status" 1 "$RC"
	assertEquals "one line" "ns-netns: refusing to run with privileges \
from the executable (set-uid, set-gid or file capabilities)" "$ERR"
	assertEquals "nothing made" "" "$(ls -A "${copy%/*}/run")"
	# The same copy without the capability runs (and fails for want
	# of privilege, not for the refusal).
	setcap -r "$copy"
	run as_nobody env NETNS_RUN_DIR="${copy%/*}/run" \
		"$copy" ns-netns add nsbox-test-fcaps
	assertNotContains "no refusal" "$ERR" "refusing"
}

test_install_sh_installs_and_uninstalls_relative_links() {
	local root=$TESTDIR/nsbox-test-root name
	sh "$SRC_DIR/install.sh" --binary "$NSBOX" --destdir "$root" \
		--prefix /usr >/dev/null
	defer rm -rf "$root"
	assertTrue "binary" "[ -x '$root/usr/bin/nsbox' ]"
	for name in $(applets); do
		assertEquals "link $name" nsbox "$(readlink "$root/usr/bin/$name")"
		assertTrue "man $name" "[ -f '$root/usr/share/man/man1/$name.1' ]"
	done
	for name in $(compat_links); do
		assertFalse "no compat $name by default" "[ -e '$root/usr/bin/$name' ]"
	done
	sh "$SRC_DIR/install.sh" --binary "$NSBOX" --destdir "$root" \
		--prefix /usr --compat >/dev/null
	for name in $(compat_links); do
		assertEquals "compat $name" nsbox "$(readlink "$root/usr/bin/$name")"
	done
	"$root/usr/bin/ns-unshare" --version >/dev/null
	assertEquals "installed link runs" 0 $?
	sh "$SRC_DIR/install.sh" --destdir "$root" --prefix /usr --uninstall \
		>/dev/null
	assertEquals "nothing left" "" "$(find "$root" -type f -o -type l)"
}

# The README's initramfs line: --prefix / and a DESTDIR with a trailing
# slash give one slash between the parts; --no-man leaves the pages out.
test_install_sh_for_an_initramfs_no_man_one_slash() {
	local root=$TESTDIR/nsbox-test-initramfs out
	defer rm -rf "$root"
	out=$(sh "$SRC_DIR/install.sh" --binary "$NSBOX" --destdir "$root/" \
		--prefix / --no-man)
	assertEquals "installed ($out)" 0 $?
	assertContains "where it says" "$out" " in $root/bin"
	assertNotContains "no double slash" "$out" "//"
	assertEquals "links run" 0 "$("$root/bin/ns-ls" --version >/dev/null; echo $?)"
	assertEquals "binary and links only, no man pages" \
		"$(find "$root" -path "$root/bin" -prune -o -print)" "$root"
	assertEquals "an applet link" nsbox "$(readlink "$root/bin/ns-unshare")"
}

# A copy of what make builds from, in DIR (made here).
copy_tree() {
	mkdir "$1" && cp -r "$SRC_DIR/GNUmakefile" "$SRC_DIR/common" \
		"$SRC_DIR/applets" "$1/"
}

# make in the copy DIR, not with the outer make's variables (make check
# SANITIZE=1 NSBOX=...): make puts those given on its command line into
# the environment of what it runs, as well as into MAKEFLAGS.
# make_in DIR ARG...
make_in() {
	local dir=$1
	shift
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE -u ARCH \
		-u APPLETS -u WITHOUT -u CLONE3 -u NSBOX make -C "$dir" "$@"
}

# make APPLETS="NAME...": a binary of only those applets, built from a
# copy of the tree in TESTDIR (once a run; make keeps each set apart).
# TARGET is all (build/applets-SET/nsbox) or static (.../nsbox-static);
# prints the binary's path.
# With SET_WITHOUT="FEATURE...", the set is made WITHOUT them too, in its
# directory applets-SET-without-FEATURES.
joined() { printf '%s\n' "$@" | LC_ALL=C sort | paste -sd+; }
set_build() {
	local target=$1 tree=$TESTDIR/nsbox-test-tree set file=nsbox
	shift
	[ -d "$tree" ] || copy_tree "$tree" || return
	set=$(joined "$@")
	[ -z "${SET_WITHOUT:-}" ] ||
		set="$set-without-$(joined $SET_WITHOUT)"
	[ "$target" = static ] && file=nsbox-static
	make_in "$tree" -j2 "$target" APPLETS="$*" \
		${SET_WITHOUT:+WITHOUT="$SET_WITHOUT"} >"$TESTDIR/make.log" 2>&1 ||
		{ cat "$TESTDIR/make.log" >&2; return 1; }
	echo "$tree/build/applets-$set/$file"
}

# The names of the applet NAME (ns-exec: ns-exec, ns-setns, nsenter).
names_of() {
	local fn
	fn=$(sed -n "s/^APPLET(\([a-z_]*\), *\"$1\".*/\1/p" \
		"$SRC_DIR/common/applets.h")
	sed -n "s/^[A-Z]*($fn, *\"\([^\"]*\)\".*/\1/p" \
		"$SRC_DIR/common/applets.h"
}

# A set's --list is the full build's, less the applets left out; its
# --install links those names only.
test_applets_set_lists_only_the_applets_built() {
	need_cmd make musl-gcc || return 0
	local bin d expected
	bin=$(set_build static ns-unshare ns-exec) || { fail "make"; return; }
	expected=$("$NSBOX" --list |
		grep -Fx "$(names_of ns-unshare; names_of ns-exec)")
	assertEquals "its own names and ns-setns" \
		"ns-unshare ns-exec ns-setns" "$(echo $expected)"
	run "$bin" --list
	assertEquals "0 $expected" "$RC $OUT"
	d=$(scratch set-install)
	defer rm -rf "$d"
	run "$bin" --install -s --compat "$d"
	assertEquals "--install ($ERR)" 0 "$RC"
	assertEquals "links of the set's names only" \
		"$( (names_of ns-unshare; names_of ns-exec) | sort)" \
		"$(ls "$d")"
}

# An applet left out is unknown by every name (its own, its links, as
# nsbox NAME and as a link's name): the dispatcher's 127 and message.
test_applets_set_left_out_names_are_not_found() {
	need_cmd make musl-gcc || return 0
	local bin d name
	bin=$(set_build static ns-unshare ns-exec) || { fail "make"; return; }
	d=$(scratch set-links)
	defer rm -rf "$d"
	for name in $(applet_links); do
		case $(primary_of "$name") in ns-unshare | ns-exec) continue ;; esac
		run "$NSBOX" "$name" --version
		assertEquals "the full build has $name" 0 "$RC"
		run "$bin" "$name" --version
		assertEquals "nsbox $name" "127 $name: applet not found" \
			"$RC $ERR"
		ln -s "$bin" "$d/$name"
		run "$d/$name" --version
		assertEquals "link $name" "127 $name: applet not found" \
			"$RC $ERR"
	done
	run "$bin" nsbox-test-nope
	assertEquals "as an unknown name" \
		"127 nsbox-test-nope: applet not found" "$RC $ERR"
}

# The applets built do what the full build does, through the kernel:
# ns-unshare (and its compat name) makes a UTS namespace, ns-setns joins
# one as util-linux nsenter does.
test_applets_set_runs_the_applets_built() {
	need_root || return 0
	need_cmd make musl-gcc nsenter || return 0
	local bin d host
	bin=$(set_build static ns-unshare ns-exec) || { fail "make"; return; }
	d=$(scratch set-run)
	defer rm -rf "$d"
	ln -s "$bin" "$d/unshare"
	ln -s "$bin" "$d/ns-setns"
	host=$(ns_inode $$ uts)
	run "$bin" ns-unshare -u stat -L -c %i /proc/self/ns/uts
	assertEquals "ns-unshare ($ERR)" 0 "$RC"
	assertTrue "an inode ($OUT)" "[ '$OUT' -gt 0 ]"
	assertNotEquals "a new uts namespace" "$host" "$OUT"
	run "$d/unshare" -u stat -L -c %i /proc/self/ns/uts
	assertTrue "unshare: an inode ($OUT $ERR)" "[ '$OUT' -gt 0 ]"
	assertNotEquals "unshare: a new uts namespace" "$host" "$OUT"
	spawn_target "$bin" ns-unshare -u sh -c \
		'hostname nsbox-test-set; exec sleep 60' || return
	run "$d/ns-setns" -t "$TARGET" -u hostname
	assertEquals "ns-setns joins ($ERR)" "0 nsbox-test-set" "$RC $OUT"
	assertEquals "as nsenter does" "$OUT" \
		"$(nsenter -t "$TARGET" -u hostname)"
	assertNotEquals "not ours" "$(hostname)" "$OUT"
}

# A set of ns-unshare and ns-exec with every feature (65,488 B): the two
# applets call ~30 KB of common code (id maps, pins, mount setup, pty,
# netlink) and musl adds ~15 KB. This bound catches a link that drags in
# code the two never call (ns-ls's table, JSON, regex: > +10 KB); the
# 48 KiB one is for the same set without features, below.
SET_STATIC_BUDGET=69632
test_applets_set_static_size_within_budget() {
	need_cmd make musl-gcc || return 0
	local bin size
	bin=$(set_build static ns-unshare ns-exec) || { fail "make"; return; }
	size=$(stat -c %s "$bin")
	assertTrue "ns-unshare+ns-exec static: $size B > $SET_STATIC_BUDGET" \
		"[ $size -le $SET_STATIC_BUDGET ]"
	assertTrue "less than the full build's" \
		"[ $size -lt $(stat -L -c %s "$NSBOX") ]"
}

# The smallest build the issue asks for: ns-unshare and ns-exec without
# the features an initramfs does without (common/feature.h), in a
# directory of its own; prints the binary's path. Its bound, x86_64's,
# is tests/cross/arches.sh's, as the other architectures' budgets are.
TINY_WITHOUT="help pins subids pty"
tiny_build() {
	SET_WITHOUT=$TINY_WITHOUT set_build static ns-unshare ns-exec
}
. "$SRC_DIR/tests/cross/arches.sh"

test_without_features_static_size_within_48k() {
	need_cmd make musl-gcc || return 0
	local bin size
	[ "$(uname -m)" = x86_64 ] || { skip_test "the bound is x86_64's"; return 0; }
	bin=$(tiny_build) || { fail "make"; return; }
	size=$(stat -c %s "$bin")
	echo "ns-unshare+ns-exec WITHOUT=\"$TINY_WITHOUT\": $size B"
	assertTrue "$size B > $SMALLEST_BUDGET" \
		"[ $size -le $SMALLEST_BUDGET ]"
	run "$bin" --list
	assertEquals "its applets" "0 ns-unshare ns-exec ns-setns" \
		"$RC $(echo $OUT)"
}

# What it keeps works as the full build's does, through the kernel and
# against util-linux: a new UTS namespace, joining one as nsenter does,
# and an unprivileged user's own id mapped to root as unshare -r maps it.
test_without_features_runs_the_main_paths() {
	need_root || return 0
	need_cmd make musl-gcc nsenter unshare || return 0
	need_userns || return 0
	local bin host
	bin=$(tiny_build) || { fail "make"; return; }
	host=$(ns_inode $$ uts)
	run "$bin" ns-unshare -u stat -L -c %i /proc/self/ns/uts
	assertEquals "ns-unshare -u ($ERR)" 0 "$RC"
	assertTrue "an inode ($OUT)" "[ '$OUT' -gt 0 ]"
	assertNotEquals "a new uts namespace" "$host" "$OUT"
	spawn_target "$bin" ns-unshare -u sh -c \
		'hostname nsbox-test-tiny; exec sleep 60' || return
	run "$bin" ns-exec -t "$TARGET" -u hostname
	assertEquals "ns-exec -t joins ($ERR)" "0 nsbox-test-tiny" "$RC $OUT"
	assertEquals "as nsenter does" "$OUT" \
		"$(nsenter -t "$TARGET" -u hostname)"
	run as_nobody "$bin" ns-unshare -r cat /proc/self/uid_map /proc/self/setgroups
	assertEquals "-r as uid 65534 ($ERR)" 0 "$RC"
	assertEquals "the map and setgroups unshare -r makes" \
		"$(as_nobody unshare -r cat /proc/self/uid_map /proc/self/setgroups | map_of)" \
		"$(echo "$OUT" | map_of)"
}

# What it leaves out is refused in one line naming the option and the
# switch, with the applet's failure status, before anything is made;
# --help is the usage line and where the rest is.
test_without_features_refuse_what_they_leave_out() {
	need_cmd make musl-gcc || return 0
	local bin d
	bin=$(tiny_build) || { fail "make"; return; }
	d=$(scratch tiny)
	defer rm -rf "$d"
	run "$bin" ns-unshare --uts="$d/uts" true
	assertEquals "a pin" "125 ns-unshare: --uts=$d/uts: left out of this build (WITHOUT=pins)" \
		"$RC $ERR"
	assertFalse "no pin file made" "[ -e '$d/uts' ]"
	run "$bin" ns-exec -t $$ -u --pty true
	assertEquals "--pty" \
		"125 ns-exec: --pty: left out of this build (WITHOUT=pty)" \
		"$RC $ERR"
	run "$bin" ns-unshare --map-auto true
	assertEquals "--map-auto" "125 ns-unshare: --map-users=auto: subordinate ids are left out of this build (WITHOUT=subids)" \
		"$RC $ERR"
	if [ "$(id -u)" = 0 ]; then
		run as_nobody "$bin" ns-unshare --map-users=0:100000:10 true
		assertEquals "ranges through newuidmap" "125 ns-unshare: id ranges without privilege (newuidmap, newgidmap): left out of this build (WITHOUT=subids)" \
			"$RC $ERR"
	fi
	run "$bin" ns-unshare --help
	assertEquals "--help: status, nothing on stderr" "0 " "$RC $ERR"
	assertEquals "--help: the usage line, then where to read on" \
		"$("$NSBOX" ns-unshare --help | head -n 1)
(no help text in this build: see the manual)" "$OUT"
	run "$bin" ns-exec --nsbox-test-nope
	assertEquals "a misuse is still one" 125 "$RC"
	assertContains "named" "$ERR" "--nsbox-test-nope"
}

# A WITHOUT entry that is no feature, or pins with an applet whose work
# is pins, stops make, naming it, before anything is built.
test_without_unknown_or_needed_feature_is_a_make_error() {
	need_cmd make || return 0
	local tree=$TESTDIR/nsbox-test-tree-bad-feature
	copy_tree "$tree"
	defer rm -rf "$tree"
	run make_in "$tree" static WITHOUT="help nsbox-test-nope"
	assertEquals "unknown: status" 2 "$RC"
	assertContains "unknown: named" "$ERR" \
		"WITHOUT: no feature named nsbox-test-nope (there are: help pins subids pty)"
	run make_in "$tree" static APPLETS="ns-exec ns-pin" WITHOUT=pins
	assertEquals "pins with ns-pin: status" 2 "$RC"
	assertContains "pins with ns-pin: named" "$ERR" \
		"WITHOUT=pins: ns-pin makes pins"
	run make_in "$tree" static WITHOUT=pins
	assertEquals "pins with every applet: status" 2 "$RC"
	assertFalse "nothing built" "[ -e '$tree/build' ]"
}

# Another set (here with the system compiler) is built in a directory of
# its own: it has its applets, not the first set's.
test_applets_set_of_other_applets_is_built_apart() {
	need_cmd make cc || return 0
	local bin
	bin=$(set_build all ns-ls) || { fail "make"; return; }
	assertEquals "its directory" \
		"$TESTDIR/nsbox-test-tree/build/applets-ns-ls/nsbox" "$bin"
	run "$bin" --list
	assertEquals "0 ns-ls" "$RC $OUT"
	run "$bin" ns-ls -n -o NS -t uts -p $$
	assertEquals "ns-ls runs ($ERR)" "0 $(ns_inode $$ uts)" "$RC $OUT"
	run "$bin" ns-unshare -u true
	assertEquals "127 ns-unshare: applet not found" "$RC $ERR"
	assertFalse "no object of another set" \
		"[ -e '${bin%/*}/obj/applets/ns-unshare.o' ]"
}

# An APPLETS entry that is no applet (an unknown name, or a compat link's)
# stops make, naming it, before anything is built.
test_applets_set_unknown_name_is_a_make_error() {
	need_cmd make || return 0
	local name tree=$TESTDIR/nsbox-test-tree-bad
	copy_tree "$tree"
	defer rm -rf "$tree"
	for name in nsbox-test-nope lsns; do
		run make_in "$tree" static APPLETS="ns-exec $name"
		assertEquals "$name: status" 2 "$RC"
		assertContains "$name: named" "$ERR" \
			"APPLETS: no applet named $name"
		assertFalse "$name: nothing built" "[ -e '$tree/build' ]"
	done
}

run_suite
