# canbo — plain GNU Makefile with pkg-config.
#   make            build build/canbo
#   make check      unit + API tests, then the same under ASan+UBSan
#   make bench      benchmarks (see bench/README.md)
# Variables: B (build dir), SAN=1 (sanitizer build).

B      ?= build
SAN    ?= 0
CC     ?= cc
PKGS    = libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat pangocairo cairo-pdf
TPKGS   = check libcurl

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wno-format-nonliteral -Wvla -Wno-unused-parameter
CFLAGS_BASE = -std=c17 -g -D_GNU_SOURCE -Isrc $(WARN) -fstack-protector-strong \
          $(shell pkg-config --cflags $(PKGS))
ifeq ($(SAN),1)
  CFLAGS_OPT = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDSAN      = -fsanitize=address,undefined
else
  CFLAGS_OPT = -O2 -D_FORTIFY_SOURCE=2
  LDSAN      =
endif
CFLAGS += $(CFLAGS_BASE) $(CFLAGS_OPT)
LDLIBS  = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
TLIBS   = $(shell pkg-config --libs $(TPKGS))

LIB_SRC  = $(sort $(wildcard src/core/*.c src/db/*.c src/auth/*.c src/http/*.c src/api/*.c src/io/*.c src/cli/*.c src/util/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
TEST_SRC = $(sort $(wildcard tests/unit/*.c tests/api/*.c))
TEST_OBJ = $(TEST_SRC:%.c=$(B)/%.o)
MIGRATIONS = $(sort $(wildcard src/db/migrations/*.sql))

all: $(B)/canbo

Q = $(if $(V),,@)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC  $<")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# SQL migrations are embedded in the binary.
$(B)/gen/migrations.c: $(MIGRATIONS) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $(MIGRATIONS) > $@
$(B)/gen/migrations.o: $(B)/gen/migrations.c
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/libcanbo.a: $(LIB_OBJ) $(B)/gen/migrations.o
	rm -f $@ && ar rcs $@ $^

$(B)/canbo: $(B)/src/main.o $(B)/libcanbo.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

# Test suites are discovered: every "Suite *suite_NAME(void)" in tests/.
$(B)/gen/suites.h: $(TEST_SRC)
	@mkdir -p $(dir $@)
	grep -h '^Suite \*suite_[a-z0-9_]*(void) *$$' $(TEST_SRC) | sed 's/^Suite \*\(suite_[a-z0-9_]*\)(void) */X(\1)/' | sort -u > $@
$(B)/tests/run.o: tests/run.c $(B)/gen/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(B)/gen $(shell pkg-config --cflags $(TPKGS)) -c $< -o $@
$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC  $<")
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags $(TPKGS)) -MMD -MP -c $< -o $@
$(B)/test-runner: $(B)/tests/run.o $(TEST_OBJ) $(B)/libcanbo.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS) $(TLIBS)

# Unit + API tests. CANBO_BIN points the API tests at the server binary.
test: $(B)/canbo $(B)/test-runner
	CANBO_BIN=$(abspath $(B)/canbo) CANBO_SHARED=$(abspath ../shared) $(B)/test-runner

# Everything: unit + API tests plain, the same under ASan+UBSan, then the
# browser tests (Playwright driving Debian's Chromium).
check:
	$(MAKE) test B=build SAN=0
	$(MAKE) test B=build-asan SAN=1 \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	$(MAKE) e2e B=build

e2e: $(B)/canbo
	bash tests/e2e/run.sh

perf-ui: $(B)/canbo
	node tests/e2e/perf.mjs

# Benchmark programs: bench/NAME.c links libcanbo into $(B)/bench/NAME.
$(B)/bench/%: bench/%.c $(B)/libcanbo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDSAN) -o $@ $^ $(LDLIBS)

# Every benchmark script under bench/ takes the canbo binary and the build dir.
BENCH_SCRIPTS = $(sort $(wildcard bench/bench_*.sh))
bench: $(B)/canbo
	bash bench/run.sh $(abspath $(B)/canbo)
	bash tests/perf/io_bench.sh $(abspath $(B)/canbo)
	set -e; for s in $(BENCH_SCRIPTS); do bash $$s $(abspath $(B)/canbo) $(B); done

# libFuzzer targets for the CSV and XLSX readers (clang; see tests/fuzz/README.md).
fuzz:
	sh tests/fuzz/build.sh

demo: $(B)/canbo
	bash scripts/demo.sh

clean:
	rm -rf build build-asan

.PHONY: all test check e2e perf-ui bench fuzz demo clean
-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(B)/src/main.d
