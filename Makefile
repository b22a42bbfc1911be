# The two commands of the README (`make demo`, `make test`) work on a fresh Debian machine as root:
# each installs missing Debian packages, configures, builds (2 jobs) and runs.
BUILD_DIR ?= build
JOBS ?= 2
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench compare-r sanitize fuzz clean

all: build

deps:
	@sh scripts/install_deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo builds only the program (not the test suite), with one line of progress, then runs the
# main job: the China study, whose report, tables and figures go to demo-output/.
demo: configure
	@sh scripts/build_quietly.sh $(BUILD_DIR) $(JOBS) spillover_cli
	@$(BUILD_DIR)/spillover demo --output-dir demo-output

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# bench_logdet runs every log-determinant configuration up to n = BENCH_MAX_N, one process each
# (peak memory per configuration), and writes a JSON array; fit_end_to_end.sh times `spillover fit`
# as a user runs it, with the effects of sar and sdm (1000 draws) as a stage of their own (JSON lines
# in bench_fit.json).
BENCH_MAX_N ?= 1000000
bench: build
	@$(BUILD_DIR)/bench/bench_foundation --benchmark_out=$(BUILD_DIR)/bench_foundation.json --benchmark_out_format=json
	@$(BUILD_DIR)/bench/bench_logdet --max-n $(BENCH_MAX_N) > $(BUILD_DIR)/bench_logdet.json
	@sh bench/fit_end_to_end.sh $(BUILD_DIR) "$$(for n in 10000 100000 1000000; do [ $$n -le $(BENCH_MAX_N) ] && echo $$n; done)" \
		"sar sdm sem" auto --impacts > $(BUILD_DIR)/bench_fit.json

# The same W and data through R spatialreg and spillover (needs R: r-cran-spatialreg r-cran-jsonlite).
compare-r: build
	@sh bench/compare_r/run.sh $(BUILD_DIR)

# ASan + UBSan build in its own folder: Debug (Eigen's asserts on) at -O1, because unoptimised Eigen
# made the dense reference cases of the suite take over 25 minutes under the sanitizers.
# The benchmarks are not built there: they are timed in Release only, and CI runs this after `make test`.
sanitize:
	@$(MAKE) test BUILD_DIR=build-sanitize BUILD_TYPE=Debug \
		CMAKE_FLAGS="-DSPILLOVER_SANITIZE=ON -DSPILLOVER_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG='-O1 -g'"

# libFuzzer harnesses of every parser (fuzz/README.md), under ASan + UBSan: installs clang 14 and its
# runtimes if missing, builds them in build-fuzz (clang, -O1 with asserts) and runs each for
# FUZZ_SECONDS (and at most FUZZ_RUNS inputs, when set); FUZZERS picks some ("gal gwt"). Fails when a
# harness finds a crash, a time-out or a huge allocation; the inputs go to build-fuzz/fuzz-artifacts/.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZERS ?=
fuzz:
	@sh scripts/install_deps.sh fuzz
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG='-O1 -g' \
		-DSPILLOVER_FUZZ=ON -DSPILLOVER_BUILD_TESTS=OFF -DSPILLOVER_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	@sh fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) "$(FUZZ_RUNS)" $(FUZZERS)

clean:
	rm -rf build build-sanitize build-fuzz
