# The two commands: `make run` and `make test` (see README.md).
# `make run` installs only the packages to build and run suanli and builds only the binary;
# `make test` installs the test packages too and builds everything. Both share one build tree.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps-run deps-test bench-deps build-run build-test build run test clean

all: build

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

bench-deps:
	@scripts/install-deps.sh bench

# The binary alone, without the tests (nor their packages).
build-run: deps-run
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target suanli

# The binary and every test.
build-test: deps-test
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build: build-test

# The main job: measure this machine with the default profile.
run: build-run
	./$(BUILD)/suanli run

test: build-test
	cd $(BUILD) && ctest --output-on-failure

clean:
	rm -rf $(BUILD)
