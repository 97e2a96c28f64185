#!/bin/sh
# Prints a C file defining NAME[] (and NAME_len) with the bytes of FILE, NUL-terminated.
set -eu
name=$1 file=$2
printf '/* Generated from %s by scripts/embed.sh. */\n#include <stddef.h>\n' "$file"
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/ *$//' -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst size_t %s_len = sizeof(%s) - 1;\n' "$name" "$name"
