#!/bin/sh
# tests/fuzz/deps.sh - clang with its libFuzzer runtime, installed with apt
# (as root) when missing, else named.
probe=$(mktemp -d /tmp/nsbox-fuzzprobe-XXXXXX)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }' >"$probe/p.c"
clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "tests/fuzz/deps.sh: installing clang libclang-rt-14-dev"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && apt-get install -y -qq clang libclang-rt-14-dev; } >/dev/null &&
		clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" && exit 0
fi
echo "tests/fuzz/deps.sh: needs clang with libFuzzer (Debian: clang libclang-rt-14-dev)" >&2
exit 1
