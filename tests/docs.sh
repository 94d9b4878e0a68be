#!/bin/bash
# tests/docs.sh - every example in README.md and in the EXAMPLES section of
# each man page runs, as the reader would type it, with this run's own
# targets in place of the names the examples make up.
#
# What an example is (read from the files now, so a new one is run too):
#   README.md   a code block indented by four spaces; each line a command
#               run as root, no output shown.
#   man/*.1     an .EX/.EE block in .SH EXAMPLES; a line starting "# " is
#               a command run as root, "$ " one run as an ordinary user
#               (uid 65534 with an unmapped supplementary group, 100);
#               the lines after a command are its expected output.
# A command ending in "&" runs in the background until the example ends;
# one whose comment says "^C" gets SIGINT after a second (its process
# group, as a terminal's ^C) and must end with status 130. Every other
# command must exit 0 and start a line of its stdout and stderr with each
# expected line, in any order: a run of digits matches any number (PIDs,
# inodes, times), a run of blanks any blanks, "..." anything.
#
# Markers, before a block (a roff comment in a man page, an HTML comment
# in README.md; neither shows to a reader):
#   nsbox-doc: not run: REASON   skipped, the reason in the tally
#   nsbox-doc: given: CMD        run first, as root (what the example
#                                presumes, e.g. a namespace made earlier)
#   nsbox-doc: target: CMD       the process that 4242 stands for (it
#                                ends by exec'ing sleep); default below
#   nsbox-doc: output varies: REASON   only the first expected line of
#                                each command (the header) is compared
#
# Each example runs in a scratch directory (its working directory), in
# mount (private), UTS (hostname "host") and IPC namespaces of its own,
# so what it mounts or makes there goes when it ends; what it makes
# outside (network namespaces, links, cgroups, processes) is removed
# after it, also when it fails. Placeholders, replaced in commands and
# in expected output alike:
#   4242, "$pid"                 the target process, started for the
#                                example in its namespaces ($T)
#   pgrep -o nginx, docker inspect -f '{{.State.Pid}}' web
#                                echo 4242
#   ls                           ls -C (columns, as on a terminal)
#   lab blue red left right db also-red
#                                network namespace nsbox-test-NAME
#   web                          nsbox-test- (ve-NAME must fit a link
#                                name: NAME of 11 bytes at most)
#   lab0                         a link name of ours ($IF)
#   169.254.A.B[/16]             169.254.$NET.B[/24]: a /24 of our own
#   /run/... (not /run/netns/), /srv/...   the same under the scratch dir
#   /sys/fs/cgroup               the cgroup2 mount (this machine's layout)
#   install.sh, build/nsbox-static   the source tree's, the binary tested
#   nsbox-static --install /bin  the binary tested, into a scratch bin
. "$(dirname "$0")/lib.sh"

DOC_TARGET='ns-unshare -m -u -i -n -p -T sleep 1000'
IF=nbd$(($$ % 100000))
NET=$((150 + $$ % 50))
NETNS_NAMES="lab blue red left right db also-red web"
DOC_CPU=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')

# The placeholder table: KEY<tab>VALUE lines.
doc_map() {
	local n
	printf '%s\t%s\n' \
		4242 "$TARGET" \
		'pgrep -o nginx' "echo $TARGET" \
		"docker inspect -f '{{.State.Pid}}' web" "echo $TARGET" \
		ls 'ls -C' \
		lab0 "$IF" \
		ve-web ve-nsbox-test- \
		/sys/fs/cgroup "$(cgroup2_root)" \
		./install.sh "$SRC_DIR/install.sh" \
		install.sh "$SRC_DIR/install.sh" \
		build/nsbox-static "$NSBOX" \
		'nsbox-static --install /bin' "$NSBOX --install $DOC_DIR/bin"
	for n in $NETNS_NAMES; do
		printf '%s\t%s\n' "$n" "$(netns_of "$n")"
	done
}

netns_of() {
	if [ "$1" = web ]; then echo nsbox-test-; else echo "nsbox-test-$1"; fi
}

# Replace placeholders on stdin, in one pass (a value is never replaced
# again). DOC_DIR is the scratch directory.
substitute() {
	DOC_MAP=$(doc_map) NET=$NET perl -ne '
		BEGIN {
			%m = map { split /\t/, $_, 2 } split /\n/, $ENV{DOC_MAP};
			$w = join "|", map { quotemeta }
				sort { length $b <=> length $a } keys %m;
		}
		s{((?:(?<![\w.\$/-])|(?<=\s-n)|(?<=/))(?:$w)(?![\w-]))
		 |(?<![\w.])(/run/(?!netns/)|/srv/)
		 |169\.254\.\d+\.(\d+)(/16)?}{
			defined $1 ? $m{$1} :
			defined $2 ? "$ENV{DOC_DIR}$2" :
			"169.254.$ENV{NET}.$3" . (defined $4 ? "/24" : "")
		}gex;
		print'
}

# Extract the examples: one record a line, tab-separated:
#   B FILE LINE    a block starts (LINE: its first line)
#   M TEXT         a marker for the next block
#   C PROMPT TEXT  a command line (PROMPT "#", "$")
#   O TEXT         any other line of the block
extract() {
	local f
	for f in "$SRC_DIR/README.md" "$SRC_DIR"/man/*.1; do
		case $f in
		*.md) extract_markdown "$f" ;;
		*) extract_roff "$f" ;;
		esac
	done
}

extract_markdown() {
	awk -v file="${1##*/}" '
		/^<!-- nsbox-doc: .* -->$/ {
			sub(/^<!-- nsbox-doc: /, ""); sub(/ -->$/, "")
			print "M\t" $0; next }
		/^    / && (blank || code) {
			if (!code) print "B\t" file "\t" NR
			code = 1; sub(/^    /, ""); print "C\t#\t" $0; next }
		/^$/ { blank = 1; next }
		{ blank = 0; code = 0 }' "$1"
}

extract_roff() {
	awk -v file="${1##*/}" '
		/^\.SH/ { ex = ($0 ~ /^\.SH EXAMPLES/); next }
		!ex { next }
		/^\.\\" nsbox-doc: / { sub(/^\.\\" nsbox-doc: /, "")
			print "M\t" $0; next }
		/^\.EX/ { block = 1; first = 1; next }
		/^\.EE/ { block = 0; next }
		!block || /^\.\\"/ { next }
		{
			line = NR
			while (/\\$/ && (getline more) > 0)
				$0 = substr($0, 1, length($0) - 1) more
			gsub(/\\-/, "-"); gsub(/\\\(aq/, "\047"); gsub(/\\&/, "")
			gsub(/\\\[u2514\]/, "└"); gsub(/\\\[u251C\]/, "├")
			gsub(/\\\[u2500\]/, "─"); gsub(/\\e/, "\\")
			if (first) print "B\t" file "\t" line
			first = 0
			if (/^[#$] /) print "C\t" substr($0, 1, 1) "\t" substr($0, 3)
			else print "O\t" $0
		}' "$1"
}

# The examples, as arrays indexed by number.
EX_NAME=() EX_WHERE=() EX_MARKS=() EX_BODY=()
load_examples() {
	local tag a b n=-1 k=0 file= marks=
	while IFS=$'\t' read -r tag a b; do
		case $tag in
		M) marks+="$a"$'\n' ;;
		B)
			n=$((n + 1))
			[ "$a" = "$file" ] || { file=$a; k=0; }
			k=$((k + 1))
			a=${a%.md}
			EX_NAME[n]=test_doc_${a%.1}_${k}_line_$b
			EX_NAME[n]=${EX_NAME[n]//[^A-Za-z0-9_]/_}
			EX_WHERE[n]="$file:$b"
			EX_MARKS[n]=$marks
			EX_BODY[n]=
			marks=
			;;
		C) EX_BODY[n]+="C"$'\t'"$a"$'\t'"$b"$'\n' ;;
		O) EX_BODY[n]+="O"$'\t'"$a"$'\n' ;;
		esac
	done < <(extract)
}

# The lines of marker KIND in example N, one a line.
marks_of() {
	sed -n "s/^$2: //p" <<<"${EX_MARKS[$1]}"
}

# Split example N's body into commands: CMD[k], PROMPT[k], EXPECT[k].
# Lines after a command that is not complete yet (an open quote, a
# trailing backslash) continue it; the others are its output.
split_commands() {
	local tag a b k=-1
	CMD=() PROMPT=() EXPECT=()
	while IFS=$'\t' read -r tag a b; do
		[ -n "$tag" ] || continue
		if [ "$tag" = C ] && { [ $k -lt 0 ] || complete "${CMD[k]}"; }; then
			k=$((k + 1))
			CMD[k]=$b PROMPT[k]=$a EXPECT[k]=
		elif [ $k -ge 0 ] && ! complete "${CMD[k]}"; then
			[ "$tag" = C ] && a="$a $b"
			CMD[k]+=$'\n'$a
		else
			EXPECT[k]+=$a$'\n'
		fi
	done <<<"${EX_BODY[$1]}"
}

complete() {
	[[ $1 != *\\ ]] && bash -n <<<"$1" 2>/dev/null
}

# Each EXPECTED line ($1, a file) matches a line of ACTUAL ($2); with
# $3, only the first one.
output_matches() {
	perl -e '
		open E, "<", $ARGV[0]; open A, "<", $ARGV[1];
		my @a = <A>;
		while (my $e = <E>) {
			$e =~ s/^\s+|\s+$//g;
			next if $e eq "";
			my $p = join "", map {
				$_ eq "..." ? ".*" : /^\d+$/ ? "\\d+" :
				/^\s+$/ ? "\\s+" : quotemeta } split /(\.\.\.|\d+|\s+)/, $e;
			grep { /^\s*$p/ } @a or
				do { print "missing: $e\n"; exit 1 };
			last if $ARGV[2];
		}' "$@"
}

# Shell code that runs command $2 (K $1) with its output in out.K and
# its status in rc.K; K "given" stops the script when the command fails.
command_code() {
	local k=$1 c=$2
	if [[ $c == *"# ^C"* ]]; then
		# As a terminal's ^C: SIGINT to its process group.
		printf 'set -m\n%s >"$DOC_DIR/out.%s" 2>&1 </dev/null &\n' \
			"${c%%#*}" "$k"
		printf 'p=$!; set +m; sleep 1; kill -INT -- -$p\n'
		printf 'wait $p; echo $? >"$DOC_DIR/rc.%s"\n' "$k"
	elif [[ $c =~ (.*[^&])\&[[:space:]]*$ ]]; then
		printf '%s >"$DOC_DIR/out.%s" 2>&1 </dev/null &\n' \
			"${BASH_REMATCH[1]}" "$k"
		printf 'echo $! >>"$DOC_DIR/bg"; started $!\n'
		printf 'echo 0 >"$DOC_DIR/rc.%s"\n' "$k"
	else
		printf '{ %s\n} >"$DOC_DIR/out.%s" 2>&1 </dev/null\n' "$c" "$k"
		printf 'echo $? >"$DOC_DIR/rc.%s"\n' "$k"
	fi
	[ "$k" != given ] || printf '%s\n' \
		'[ "$(cat "$DOC_DIR/rc.given")" = 0 ] || exit 125'
}

# Shell functions for both scripts. A background command has started
# once it runs something other than the shell that forked it or an
# applet still setting up (ns-clone: until its child runs the command).
# The target is the sleep its command becomes, or one below it.
script_functions() {
	cat <<'EOF'
cd "$DOC_DIR/cwd" || exit 125
started() {
	local p c i
	for i in $(seq 1 150); do
		c=$(cat /proc/$1/comm 2>/dev/null) || return 0
		case $c in
		bash) ;;
		ns-*|nsbox) for p in $(cat /proc/$1/task/$1/children \
				2>/dev/null); do
				case $(cat /proc/$p/comm 2>/dev/null) in
				""|ns-*|nsbox) ;; *) return 0 ;;
				esac
			done ;;
		*) return 0 ;;
		esac
		sleep 0.02
	done
}
below() {
	local p
	echo $1
	for p in $(cat /proc/$1/task/*/children 2>/dev/null); do
		below $p
	done
}
sleeper() {
	local p i
	for i in $(seq 1 250); do
		for p in $(below $1); do
			[ "$(cat /proc/$p/comm 2>/dev/null)" != sleep ] ||
				{ echo $p; return 0; }
		done
		sleep 0.02
	done
	return 1
}
EOF
}

# The script run first, as root, in the example's namespaces: the
# hostname, what the example presumes (given), its target; then it
# becomes the example's script (as the user of "$ " lines).
write_prologue() {
	local n=$1 c t
	script_functions
	echo 'hostname host || exit 125'
	if grep -qE '4242|\$pid|pgrep -o nginx|docker inspect' \
		<<<"${EX_BODY[n]}${EX_MARKS[n]}"; then
		t=$(marks_of "$n" target | substitute)
		printf 'sh -c %q </dev/null >/dev/null 2>&1 &\n' \
			"${t:-$DOC_TARGET}"
		echo 'echo $! >>"$DOC_DIR/bg"'
		echo 'sleeper $! >"$DOC_DIR/target" || exit 125'
		echo 'T=$(cat "$DOC_DIR/target")'
	fi
	while IFS= read -r c; do
		[ -z "$c" ] || command_code given "$c"
	done < <(marks_of "$n" given | TARGET='$T' substitute)
	echo 'exec "$@" bash "$DOC_DIR/script"'
}

# The example's script: each command with its output in out.K and its
# status in rc.K.
write_script() {
	local k
	script_functions
	echo 'T=$(cat "$DOC_DIR/target" 2>/dev/null); pid=$T'
	for k in "${!CMD[@]}"; do
		command_code "$k" "$(TARGET='$T' substitute <<<"${CMD[k]}")"
	done
}

# Kill PID and every process below it, children first.
kill_tree() {
	local c
	for c in $(cat "/proc/$1/task/"*/children 2>/dev/null); do
		kill_tree "$c"
	done
	kill -KILL "$1" 2>/dev/null
}

# Remove what an example made outside its own namespaces.
doc_cleanup() {
	local p n
	if [ -f "$DOC_DIR/bg" ]; then
		while read -r p; do kill_tree "$p"; done <"$DOC_DIR/bg"
	fi
	for n in $NETNS_NAMES; do
		n=$(netns_of "$n")
		[ -e "/run/netns/$n" ] || continue
		ip netns del "$n" 2>/dev/null || rm -f "/run/netns/$n"
	done
	ip link del "$IF" 2>/dev/null
	ip link del ve-nsbox-test- 2>/dev/null
	p=$(cgroup2_root)
	[ -z "$p" ] || rmdir "$p/nsbox-test-lab" 2>/dev/null
	return 0
}

run_example() {
	local n=$1 reason k t user=() rc want varies
	reason=$(marks_of "$n" "not run")
	[ -z "$reason" ] || { skip_test "${EX_WHERE[n]}: $reason"; return 0; }
	need_root || return 0
	[ -z "$(marks_of "$n" "output varies")" ] || varies=1
	DOC_DIR=$(scratch "doc-$n")
	export DOC_DIR
	mkdir -p "$DOC_DIR/cwd" "$DOC_DIR/run" "$DOC_DIR/srv" "$DOC_DIR/bin"
	defer doc_cleanup
	split_commands "$n"
	TARGET=4242
	if [ "${PROMPT[0]}" = '$' ]; then
		need_userns || return 0
		chown -R 65534:65534 "$DOC_DIR"
		user=(setpriv --reuid=65534 --regid=65534 --groups=100 --)
	fi
	write_prologue "$n" >"$DOC_DIR/prologue"
	write_script >"$DOC_DIR/script"
	# On one CPU: Linux 6.18 numbers namespaces in per-CPU batches, and
	# refuses to bind a mount namespace numbered below the binder's own
	# as a loop; made on another CPU, a namespace newer than the
	# example's can be numbered below it. (From the initial mount
	# namespace, as users mostly pin, every number is above.)
	timeout -k 5 120 taskset -c "$DOC_CPU" \
		unshare -m -u -i --propagation private \
		bash "$DOC_DIR/prologue" "${user[@]}" >"$DOC_DIR/out" 2>&1
	rc=$?
	assertEquals "${EX_WHERE[n]}: setup ($(cat "$DOC_DIR/out" \
		"$DOC_DIR/out.given" 2>/dev/null))" 0 "$rc"
	for k in "${!CMD[@]}"; do
		t="${EX_WHERE[n]}: $(substitute <<<"${CMD[k]}")"
		if [ ! -f "$DOC_DIR/rc.$k" ]; then
			fail "$t: did not run"
			continue
		fi
		want=0
		[[ ${CMD[k]} != *"# ^C"* ]] || want=130
		assertEquals "$t: status ($(cat "$DOC_DIR/out.$k"))" \
			"$want" "$(cat "$DOC_DIR/rc.$k")"
		substitute <<<"${EXPECT[k]}" >"$DOC_DIR/expect.$k"
		assertTrue "$t: output $(output_matches "$DOC_DIR/expect.$k" \
			"$DOC_DIR/out.$k" "$varies"), got: $(cat "$DOC_DIR/out.$k")" \
			"output_matches '$DOC_DIR/expect.$k' '$DOC_DIR/out.$k' '$varies'"
	done
}

# "nsbox" on PATH too, for the examples of nsbox(1).
ln -s "$NSBOX" "$TESTDIR/bin/nsbox"

load_examples
for n in "${!EX_NAME[@]}"; do
	eval "${EX_NAME[n]}() { run_example $n; }"
done
suite() {
	local n
	suite_addTest test_docs_has_examples
	for n in "${!EX_NAME[@]}"; do
		suite_addTest "${EX_NAME[n]}"
	done
}

test_docs_has_examples() {
	assertTrue "examples found in README.md and man/*.1" \
		"[ ${#EX_NAME[@]} -gt 0 ]"
}

run_suite
