# clausecheck: policy-as-code compliance checker for supplier contracts.
# `make` builds build/clausecheck; `make test` checks prerequisites, builds and runs every suite.

BUILD    ?= build
CC       ?= cc
BISON    ?= bison
FLEX     ?= flex
PYTHON   ?= /usr/bin/python3

# Hand-written code is held to -Werror; generated scanner/parser code gets looser flags.
# Message buffers truncate long names on purpose, hence -Wno-format-truncation.
WARN     := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-missing-field-initializers -Wno-format-truncation
GENWARN  := -std=c17 -w
OPT      ?= -O2 -g
SANFLAGS ?=
# The library's objects serve the static archive, the shared library and the binary alike:
# position-independent, and hidden unless include/clausecheck.h exports them.
PICFLAGS := -fPIC -fvisibility=hidden
CPPFLAGS += -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -I$(BUILD)/gen
LDLIBS   += -lyaml -lyajl -lcrypto -ljansson $(DOC_LIBS) -lpthread

# Contract documents: DOCX through libzip and libxml2, PDF through poppler's glib API. pkg-config
# is asked once, when first needed (after scripts/deps.sh installed them); the glib and libxml2
# include paths go only to the two readers that use them. poppler-glib is not linked but loaded
# with dlopen at the first PDF (src/document_pdf.c says why), by the soname of the library the
# headers came with.
DOC_PKGS  := poppler-glib libzip libxml-2.0
DOC_LIBS   = $(eval DOC_LIBS := $$(shell pkg-config --libs libzip libxml-2.0))$(DOC_LIBS)
DOC_CFLAGS = $(eval DOC_CFLAGS := $$(shell pkg-config --cflags $(DOC_PKGS)))$(DOC_CFLAGS)
POPPLER_SONAME = $(eval POPPLER_SONAME := $$(shell objdump -p $$$$(pkg-config --variable=libdir poppler-glib)/libpoppler-glib.so \
                   | awk '/SONAME/ { print $$$$2 }'))$(POPPLER_SONAME)

GEN_DIR  := $(BUILD)/gen
OBJ_DIR  := $(BUILD)/obj
LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  := $(patsubst src/%.c,$(OBJ_DIR)/%.o,$(LIB_SRC)) \
            $(OBJ_DIR)/parser.o $(OBJ_DIR)/lexer.o $(OBJ_DIR)/baseline_policy.o $(OBJ_DIR)/html_assets.o
LIB      := $(BUILD)/libclausecheck.a
VERSION  := $(shell sed -n 's/^\#define CK_VERSION "\(.*\)"/\1/p' src/version.h)
SONAME   := libclausecheck.so.0
SHLIB    := $(BUILD)/libclausecheck.so.$(VERSION)
BIN      := $(BUILD)/clausecheck
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DEPS_OK  := $(BUILD)/.deps-build-ok
# Written from the command table (src/cli.c) by scripts/gen_cli_docs.c: the man page's SYNOPSIS and
# OPTIONS, and the shell completions, so that none of them can drift from the options parsed.
CLI_DOCS := $(BUILD)/gen_cli_docs
MAN_PAGE := $(BUILD)/clausecheck.1
COMPLETIONS := $(BUILD)/completions/clausecheck.bash $(BUILD)/completions/_clausecheck \
               $(BUILD)/completions/clausecheck.fish
$(OBJ_DIR)/document_pdf.o $(OBJ_DIR)/document_docx.o: CPPFLAGS += $(DOC_CFLAGS)
$(OBJ_DIR)/document_pdf.o: CPPFLAGS += -DCK_POPPLER_SONAME='"$(POPPLER_SONAME)"'
$(BUILD)/tests/test_pdf_unavailable: CPPFLAGS += $(DOC_CFLAGS)

.PHONY: all lib install uninstall deps deps-test test test-unit test-golden test-sanitize test-valgrind test-fuzz-replay fuzz demo bench bench-speed clean
all: $(BIN) $(SHLIB) $(MAN_PAGE) $(COMPLETIONS)
lib: $(LIB) $(SHLIB)

# Prerequisites are checked once per build folder; scripts/deps.sh installs them as root.
$(DEPS_OK): scripts/deps.sh
	@mkdir -p $(BUILD)
	@scripts/deps.sh build
	@touch $@
deps: $(DEPS_OK)
deps-test:
	@scripts/deps.sh test

$(GEN_DIR)/parser.c $(GEN_DIR)/parser.h &: grammar/parser.y | $(DEPS_OK)
	@mkdir -p $(GEN_DIR)
	$(BISON) -Wall -Werror --defines=$(GEN_DIR)/parser.h -o $(GEN_DIR)/parser.c $<

$(GEN_DIR)/lexer.c $(GEN_DIR)/lexer.h &: grammar/lexer.l $(GEN_DIR)/parser.h | $(DEPS_OK)
	@mkdir -p $(GEN_DIR)
	$(FLEX) --header-file=$(GEN_DIR)/lexer.h -o $(GEN_DIR)/lexer.c $<

# The shipped baseline policy is compiled into the binary as a byte array.
$(GEN_DIR)/baseline_policy.c: policies/baseline.policy scripts/embed.sh
	@mkdir -p $(GEN_DIR)
	scripts/embed.sh ck_baseline_policy $< > $@

# The HTML report's style sheet and script are kept as files of their own and compiled in.
$(GEN_DIR)/html_assets.c: src/report_html.css src/report_html.js scripts/embed.sh
	@mkdir -p $(GEN_DIR)
	{ scripts/embed.sh ck_html_css src/report_html.css && scripts/embed.sh ck_html_js src/report_html.js; } > $@.tmp && mv $@.tmp $@
$(OBJ_DIR)/html_assets.o: $(GEN_DIR)/html_assets.c
	@mkdir -p $(OBJ_DIR)
	$(CC) $(GENWARN) $(OPT) $(PICFLAGS) -c -o $@ $<

# The display-width table for carets, from Debian's unicode-data (see docs/output.md, "carets").
UCD ?= /usr/share/unicode
$(GEN_DIR)/width_table.h: scripts/gen_width.sh $(wildcard $(UCD)/EastAsianWidth.txt) | $(DEPS_OK)
	@mkdir -p $(GEN_DIR)
	scripts/gen_width.sh $(UCD) > $@.tmp && mv $@.tmp $@
$(OBJ_DIR)/width.o: $(GEN_DIR)/width_table.h

$(OBJ_DIR)/parser.o: $(GEN_DIR)/parser.c $(GEN_DIR)/lexer.h
	@mkdir -p $(OBJ_DIR)
	$(CC) $(GENWARN) $(OPT) $(PICFLAGS) $(SANFLAGS) $(CPPFLAGS) -c -o $@ $<
$(OBJ_DIR)/lexer.o: $(GEN_DIR)/lexer.c $(GEN_DIR)/parser.h
	@mkdir -p $(OBJ_DIR)
	$(CC) $(GENWARN) $(OPT) $(PICFLAGS) $(SANFLAGS) $(CPPFLAGS) -c -o $@ $<
$(OBJ_DIR)/baseline_policy.o: $(GEN_DIR)/baseline_policy.c
	@mkdir -p $(OBJ_DIR)
	$(CC) $(GENWARN) $(OPT) $(PICFLAGS) -c -o $@ $<

# Only the scanner/parser glue includes the generated headers; -MMD tracks every other include.
$(OBJ_DIR)/parse.o: $(GEN_DIR)/parser.h $(GEN_DIR)/lexer.h

$(OBJ_DIR)/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(OBJ_DIR)
	$(CC) $(WARN) $(OPT) $(PICFLAGS) $(SANFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(OBJ_DIR)/main.o $(LIB)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

# The shared library exports exactly the public API, under a versioned symbol set.
$(SHLIB): $(LIB_OBJ) include/clausecheck.map
	$(CC) $(SANFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=include/clausecheck.map \
	  -Wl,--no-undefined -o $@ $(LIB_OBJ) $(LDLIBS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libclausecheck.so

$(CLI_DOCS): scripts/gen_cli_docs.c $(LIB)
	$(CC) $(WARN) $(OPT) $(SANFLAGS) $(CPPFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(MAN_PAGE): docs/clausecheck.1 $(CLI_DOCS)
	$(CLI_DOCS) synopsis >$@.synopsis && $(CLI_DOCS) options >$@.options
	sed -e '/^\.\\" @SYNOPSIS@$$/{r $@.synopsis' -e 'd;}' -e '/^\.\\" @OPTIONS@$$/{r $@.options' -e 'd;}' $< >$@.tmp
	rm -f $@.synopsis $@.options && mv $@.tmp $@

$(BUILD)/completions/clausecheck.bash $(BUILD)/completions/_clausecheck $(BUILD)/completions/clausecheck.fish: $(CLI_DOCS)
	@mkdir -p $(BUILD)/completions
	$(CLI_DOCS) $(patsubst clausecheck.%,%,$(patsubst _clausecheck,zsh,$(notdir $@))) >$@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(BUILD)/tests
	$(CC) $(WARN) -Wno-missing-prototypes $(OPT) $(SANFLAGS) $(CPPFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka -lpthread

-include $(wildcard $(OBJ_DIR)/*.d)

# The quick start: check the example repository as of the date its evidence was written for.
# The example deliberately holds unmet obligations, so the gate's exit status 1 is expected here.
demo: $(BIN)
	-./$(BIN) check --as-of 2026-11-28 -p examples/organisation.policy examples/contracts

FUZZ_TARGETS := policy record json register check document
REPLAY_BIN   := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_TARGETS))

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_policy_v2.h $(LIB)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(WARN) -Wno-missing-prototypes $(OPT) $(SANFLAGS) $(CPPFLAGS) -o $@ tests/fuzz/replay.c $< $(LIB) $(LDLIBS)

# Every corpus file (seeds and the regressions fuzzing found) through each target, without libFuzzer.
test-fuzz-replay: $(REPLAY_BIN)
	@for t in $(FUZZ_TARGETS); do $(BUILD)/fuzz/replay_$$t tests/fuzz/corpus/$$t/* || exit 1; done

test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(REPLAY_BIN)
	@$(MAKE) --no-print-directory test-unit test-fuzz-replay test-golden

test-unit: $(UNIT_BIN)
	@tests/run_unit.sh $(UNIT_BIN)

test-golden: $(BIN) $(SHLIB) $(MAN_PAGE) $(COMPLETIONS)
	@CLAUSECHECK=$(BIN) PYTHON=$(PYTHON) CK_SANITIZED=$(CK_SANITIZED) CK_SANFLAGS="$(SANFLAGS)" tests/run_golden.sh

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, halting on the first error.
test-sanitize: deps-test
	@CK_SANITIZED=1 $(MAKE) --no-print-directory BUILD=build/sanitize OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" test-unit test-fuzz-replay test-golden

# The unit tests and the end-to-end tests under valgrind memcheck: any error or leak fails the run.
test-valgrind: deps-test $(BIN) $(SHLIB) $(UNIT_BIN) $(MAN_PAGE) $(COMPLETIONS)
	@for t in $(UNIT_BIN); do \
	  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t >/dev/null \
	    || { echo "valgrind: $$t failed"; exit 1; }; \
	done; echo "valgrind: $(words $(UNIT_BIN)) unit test programs clean"
	@CLAUSECHECK=$(BIN) PYTHON=$(PYTHON) \
	  CK_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	  tests/run_golden.sh

# libFuzzer with Debian's clang: `make fuzz FUZZ_SECONDS=600` runs each target in turn. New inputs
# go to build/fuzz-lib/corpus-TARGET; copy the interesting ones (and every crash, once fixed) into
# tests/fuzz/corpus/TARGET so make test replays them.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz-lib
fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" WARN="-std=c17 -Wall -Wextra" \
	  SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_BUILD)/libclausecheck.a
	@for t in $(FUZZ_TARGETS); do \
	  clang $(CPPFLAGS) -I$(FUZZ_BUILD)/gen -O1 -g -fsanitize=fuzzer,address,undefined \
	    -o $(FUZZ_BUILD)/fuzz_$$t tests/fuzz/fuzz_$$t.c $(FUZZ_BUILD)/libclausecheck.a $(LDLIBS) || exit 1; \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 $(FUZZ_BUILD)/corpus-$$t tests/fuzz/corpus/$$t >$(FUZZ_BUILD)/fuzz-$$t.log 2>&1; \
	  status=$$?; \
	  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' \
	    $(FUZZ_BUILD)/fuzz-$$t.log; \
	  if [ $$status -ne 0 ]; then tail -40 $(FUZZ_BUILD)/fuzz-$$t.log; exit 1; fi; \
	done

# Throughput on generated records (not part of make test: speed is measured, never asserted).
BENCH_RECORDS ?= 10000
BENCH_POLICY_SIZE ?= 15000
BENCH_PAGES ?= 200
$(BUILD)/bench_document: tests/bench/bench_document.c $(LIB)
	$(CC) $(WARN) $(OPT) $(SANFLAGS) $(CPPFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# The floors check is measured against, and evaluation alone (scripts/bench.py runs them).
$(BUILD)/bench_floor_yaml: tests/bench/floor_yaml.c | $(DEPS_OK)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS) -o $@ $< -lyaml
$(BUILD)/bench_floor_json: tests/bench/floor_json.c | $(DEPS_OK)
	$(CC) $(WARN) $(OPT) $(CPPFLAGS) -o $@ $< -lyajl
$(BUILD)/bench_eval: tests/bench/bench_eval.c $(LIB)
	$(CC) $(WARN) $(OPT) $(SANFLAGS) $(CPPFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Speed as ratios to floors measured in the same run, on generated registers of these sizes
# (YAML files, JSON Lines, CSV). 100,000 records take about five minutes on two cores, generation
# included: make bench-speed BENCH_SIZES="10000 100000".
BENCH_SIZES ?= 10000
bench-speed: $(BIN) $(BUILD)/bench_floor_yaml $(BUILD)/bench_floor_json $(BUILD)/bench_eval
	@$(PYTHON) scripts/bench.py $(BUILD) $(BENCH_SIZES)

bench: bench-speed $(BUILD)/bench_document
	@rm -rf $(BUILD)/bench && $(PYTHON) scripts/gen_records.py $(BUILD)/bench $(BENCH_RECORDS)
	@echo "check of $(BENCH_RECORDS) records (json to /dev/null):"
	@bash -c 'time (./$(BIN) check --as-of 2026-11-28 -f json $(BUILD)/bench >/dev/null); true'
	@$(PYTHON) scripts/gen_policy.py $(BUILD)/bench-policy.policy $(BENCH_POLICY_SIZE)
	@echo "lint of a policy with $(BENCH_POLICY_SIZE) clauses, requirements, profile fields and tier rules:"
	@bash -c 'time (./$(BIN) lint $(BUILD)/bench-policy.policy >/dev/null 2>&1); true'
	@$(PYTHON) scripts/gen_document_fixtures.py --bench-pdf $(BUILD)/bench/contract.pdf $(BENCH_PAGES)
	@echo "reading a $(BENCH_PAGES)-page contract PDF ($$(wc -c < $(BUILD)/bench/contract.pdf) bytes): extraction, sections, durations:"
	@./$(BUILD)/bench_document $(BUILD)/bench contract.pdf
	@echo "HTML report of $(BENCH_RECORDS) records, with the forecast for its timeline (smooth: first paint under 1 s,"
	@echo "load event within 3 s, filter and search under 200 ms each; see docs/output.md):"
	@bash -c 'time (./$(BIN) check --as-of 2026-11-28 -f html -o $(BUILD)/bench-report.html $(BUILD)/bench; true)'
	@sh scripts/deps.sh test && node tests/browser/inspect.js $(BUILD)/bench-report.html --filter-tier high \
	  --search supplier-00042 --screenshot $(BUILD)/bench-report.png --brief
	@rm -rf $(BUILD)/bench-check && $(PYTHON) scripts/gen_document_fixtures.py --bench-check $(BUILD)/bench-check $(BENCH_PAGES)
	@echo "what naming the $(BENCH_PAGES)-page PDF adds to the check of one record (best of 3 runs, wall clock and CPU):"
	@bash -c 'best() { local b= c=; for i in 1 2 3; do r=$$( { /usr/bin/time -f "%e %U %S" ./$(BIN) check --as-of 2026-11-28 --root $(BUILD)/bench-check "$$1" >/dev/null; } 2>&1 | tail -1); \
	    w=$$(echo "$$r" | awk "{printf \"%d\", \$$1 * 1000}"); u=$$(echo "$$r" | awk "{printf \"%d\", (\$$2 + \$$3) * 1000}"); \
	    if [ -z "$$b" ] || [ $$w -lt $$b ]; then b=$$w; c=$$u; fi; done; echo "$$b $$c"; }; \
	  read w wc < <(best $(BUILD)/bench-check/with-document.yaml); read o oc < <(best $(BUILD)/bench-check/without-document.yaml); \
	  echo "  with the document $$w ms ($$wc ms CPU), without $$o ms ($$oc ms CPU): it adds $$((w - o)) ms ($$((wc - oc)) ms CPU); the bound is 1000 ms"'
	@$(PYTHON) scripts/bench_parties.py ./$(BIN) $(BUILD)/bench-parties

# make install [PREFIX=/usr/local] [DESTDIR=]: the command, its man page, the shipped policies
# (where `import` finds them), the docs, and the library with its header and pkg-config file.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
# where each shell looks for completions of its own accord (bash-completion, zsh's fpath, fish)
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
DOCS    := README.md LICENSE $(wildcard docs/*.md) $(wildcard docs/*.schema.json)
INSTALLED = $(BINDIR)/clausecheck $(MANDIR)/man1/clausecheck.1 $(INCDIR)/clausecheck.h \
            $(LIBDIR)/libclausecheck.a $(LIBDIR)/$(notdir $(SHLIB)) $(LIBDIR)/$(SONAME) $(LIBDIR)/libclausecheck.so \
            $(LIBDIR)/pkgconfig/clausecheck.pc \
            $(BASHCOMPDIR)/clausecheck $(ZSHCOMPDIR)/_clausecheck $(FISHCOMPDIR)/clausecheck.fish \
            $(patsubst policies/%,$(DATADIR)/clausecheck/policies/%,$(wildcard policies/*.policy)) \
            $(patsubst %,$(DATADIR)/doc/clausecheck/%,$(notdir $(DOCS)))

install: $(BIN) $(LIB) $(SHLIB) $(MAN_PAGE) $(COMPLETIONS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(INCDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(DATADIR)/clausecheck/policies $(DESTDIR)$(DATADIR)/doc/clausecheck \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/clausecheck
	install -m 644 $(MAN_PAGE) $(DESTDIR)$(MANDIR)/man1/clausecheck.1
	install -m 644 $(BUILD)/completions/clausecheck.bash $(DESTDIR)$(BASHCOMPDIR)/clausecheck
	install -m 644 $(BUILD)/completions/_clausecheck $(DESTDIR)$(ZSHCOMPDIR)/_clausecheck
	install -m 644 $(BUILD)/completions/clausecheck.fish $(DESTDIR)$(FISHCOMPDIR)/clausecheck.fish
	install -m 644 include/clausecheck.h $(DESTDIR)$(INCDIR)/clausecheck.h
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libclausecheck.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libclausecheck.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(VERSION)|' include/clausecheck.pc.in \
	  >$(DESTDIR)$(LIBDIR)/pkgconfig/clausecheck.pc
	install -m 644 policies/*.policy $(DESTDIR)$(DATADIR)/clausecheck/policies/
	install -m 644 $(DOCS) $(DESTDIR)$(DATADIR)/doc/clausecheck/

# Removes exactly what install wrote, then the folders install made if they are left empty.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(DATADIR)/clausecheck/policies $(DESTDIR)$(DATADIR)/clausecheck \
	  $(DESTDIR)$(DATADIR)/doc/clausecheck 2>/dev/null
	-rmdir $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) 2>/dev/null

clean:
	rm -rf $(BUILD)
