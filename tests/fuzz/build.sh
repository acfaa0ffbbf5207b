#!/bin/sh
# Builds the libFuzzer targets into build/fuzz/ (run from the repository root).
set -eu
CC=${CC:-clang}
OUT=${OUT:-build/fuzz}
mkdir -p "$OUT"
FLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
$CC $FLAGS tests/fuzz/fuzz_csv.c src/io/csv.c -o "$OUT/fuzz_csv"
$CC $FLAGS tests/fuzz/fuzz_xlsx.c src/io/xlsx_read.c src/io/csv.c src/io/sheet.c src/core/date.c \
    $(pkg-config --cflags --libs libzip expat) -lm -o "$OUT/fuzz_xlsx"
echo "built $OUT/fuzz_csv $OUT/fuzz_xlsx"
