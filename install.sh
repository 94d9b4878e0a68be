#!/bin/sh
# install.sh - install nsbox, its applet links, man pages and bash
# completion without make and without running the binary. The applet
# names come from common/applets.h, the one list.
set -eu

usage() {
	cat <<'USAGE'
Usage: install.sh [--prefix DIR] [--bindir DIR] [--mandir DIR]
                  [--completiondir DIR] [--destdir DIR] [--binary FILE]
                  [--compat] [--no-man] [--no-completion] [--uninstall]

  --prefix DIR    install under DIR (default /usr/local)
  --bindir DIR    binary and links (default PREFIX/bin)
  --mandir DIR    man pages (default PREFIX/share/man)
  --completiondir DIR
                  bash completion, a file per command name (default
                  PREFIX/share/bash-completion/completions)
  --destdir DIR   stage everything under DIR (for packaging)
  --binary FILE   the nsbox to install (default build/nsbox-static if
                  built, else build/nsbox)
  --compat        also link unshare, nsenter, lsns and bwrap to nsbox (and
                  complete them as nsbox)
  --no-man        leave the man pages and bash completion out (an
                  initramfs has neither man nor bash)
  --no-completion leave the bash completion out
  --uninstall     remove what install.sh installs (links only if they
                  point to nsbox)
USAGE
}

src=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local bindir= mandir= compdir= destdir= binary= compat=0 man=1
completion=1 uninstall=0
while [ $# -gt 0 ]; do
	case $1 in
	--prefix) prefix=$2; shift ;;
	--prefix=*) prefix=${1#*=} ;;
	--bindir) bindir=$2; shift ;;
	--bindir=*) bindir=${1#*=} ;;
	--mandir) mandir=$2; shift ;;
	--mandir=*) mandir=${1#*=} ;;
	--completiondir) compdir=$2; shift ;;
	--completiondir=*) compdir=${1#*=} ;;
	--destdir) destdir=$2; shift ;;
	--destdir=*) destdir=${1#*=} ;;
	--binary) binary=$2; shift ;;
	--binary=*) binary=${1#*=} ;;
	--compat) compat=1 ;;
	--no-man) man=0 completion=0 ;;
	--no-completion) completion=0 ;;
	--uninstall) uninstall=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "install.sh: unknown option: $1" >&2; usage >&2; exit 1 ;;
	esac
	shift
done
# One slash between the parts, whatever the user typed: --prefix / and
# --destdir DIR/ must not give DIR//bin.
slim() { printf '%s\n' "$1" | sed 's://*:/:g; s:/$::'; }
prefix=$(slim "$prefix")
bindir=$(slim "${bindir:-$prefix/bin}")
mandir=$(slim "${mandir:-$prefix/share/man}")
compdir=$(slim "${compdir:-$prefix/share/bash-completion/completions}")
destdir=$(slim "$destdir")
bin=$destdir$bindir
man1=$destdir$mandir/man1
comp=$destdir$compdir

list=$src/common/applets.h
applets=$(sed -n 's/^APPLET([a-z_]*, *"\([^"]*\)".*/\1/p' "$list")
links=$(sed -n 's/^LINK([a-z_]*, *"\([^"]*\)".*DEFAULT.*/\1/p' "$list")
compat_links=$(sed -n 's/^LINK([a-z_]*, *"\([^"]*\)".*COMPAT.*/\1/p' "$list")

if [ "$uninstall" = 1 ]; then
	for name in $applets $links $compat_links; do
		if [ -L "$bin/$name" ] && [ "$(readlink "$bin/$name")" = nsbox ]; then
			rm -f "$bin/$name"
		fi
	done
	rm -f "$bin/nsbox"
	for name in nsbox $applets; do
		rm -f "$man1/$name.1"
	done
	# bash-completion's loader looks a file up by command name: one
	# file, a link for each other name.
	for name in $applets $links $compat_links; do
		if [ -L "$comp/$name" ] && [ "$(readlink "$comp/$name")" = nsbox ]; then
			rm -f "$comp/$name"
		fi
	done
	rm -f "$comp/nsbox"
	echo "removed nsbox from $bin"
	exit 0
fi

if [ -z "$binary" ]; then
	binary=$src/build/nsbox
	[ -x "$src/build/nsbox-static" ] && binary=$src/build/nsbox-static
fi
[ -x "$binary" ] || { echo "install.sh: $binary: no such binary (run make first)" >&2; exit 1; }

mkdir -p "$bin"
cp "$binary" "$bin/nsbox.tmp"
chmod 755 "$bin/nsbox.tmp"
mv -f "$bin/nsbox.tmp" "$bin/nsbox"
names="$applets $links"
[ "$compat" = 1 ] && names="$names $compat_links"
for name in $names; do
	ln -sfn nsbox "$bin/$name"
done
if [ "$man" = 1 ]; then
	mkdir -p "$man1"
	for name in nsbox $applets; do
		cp "$src/man/$name.1" "$man1/$name.1"
		chmod 644 "$man1/$name.1"
	done
fi
if [ "$completion" = 1 ]; then
	mkdir -p "$comp"
	cp "$src/completion/nsbox" "$comp/nsbox"
	chmod 644 "$comp/nsbox"
	for name in $names; do
		ln -sfn nsbox "$comp/$name"
	done
fi
echo "installed nsbox and links ($(echo $names)) in $bin"
