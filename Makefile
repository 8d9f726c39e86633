# polybridge — every entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME   := $(shell bin/java-home.sh)
export JAVA_HOME
MVNW        := ./mvnw -B -q
PYTHON      ?= python3.11
VENV        := .venv
VENV_PY     := $(VENV)/bin/python
SHARED      ?= ../shared
# The model `make run` classifies with: a real sentiment model available offline (see ../shared/README.md).
MODEL       ?= sst2-minilm-distilbert-v2
INPUT       ?= $(SHARED)/data/wine-reviews-10k.csv
LIMIT       ?= 1000
OUTPUT      ?= out/wine-reviews-$(LIMIT).csv
PORT        ?= 8080
BENCH_ARGS  ?=
TINY_MODEL  := models/tiny-distilbert-random/manifest.json

.PHONY: help setup venv build bench-build dist model models-test run serve test test-python test-metacall test-spark lint format bench bench-bridge bench-classify bench-regression bench-service bench-spark golden-regression metacall spark clean

help:
	@echo "make run     set up everything, then classify the first $(LIMIT) wine reviews into $(OUTPUT)"
	@echo "make serve   serve \$$MODEL over HTTP on 127.0.0.1:\$$PORT (default $(PORT)); docs/service.md"
	@echo "make test    set up everything, then run the whole test suite"
	@echo "make lint    check the Java and Python format and lint rules (part of make test)"
	@echo "make format  apply the Java and Python formats"
	@echo "make setup   Python venv (offline wheel mirror), Java build, test models"
	@echo "make build   the app, the core jar (installed to ~/.m2), the runtime image, the Python bytecode and the AOT caches"
	@echo "make venv    the Python venv alone; make models-test the small models the tests use"
	@echo "make test-python  the Python unit tests; make test-metacall the Go + MetaCall tests (both part of make test)"
	@echo "make bench-build  the benchmark harness (bench/pom.xml), run by bench/polybridge-bench"
	@echo "make dist    target/polybridge-<version>.tar.gz: bin/polybridge, the app and the Graal compiler jars; runs with a JDK 25 alone"
	@echo "make spark   the Spark job (spark/, on the polybridge artifact installed to ~/.m2); docs/spark.md"
	@echo "make test-spark  the Spark tests: local[2] and a standalone cluster on 127.0.0.1 (part of make test)"
	@echo "make bench-spark  SparkClassify against classify, local[2] and a 2-worker cluster (docs/spark.md; SPARK_BENCH_ARGS)"
	@echo "make model   prepare models/\$$MODEL (MODEL=sst2-minilm-distilbert-v2 | distilbert-base-random | tiny-distilbert-random | distilbert-base-uncased-finetuned-sst-2-english; MODEL_DIR=an HF folder)"
	@echo "make bench   polybridge vs Python, measured the same way: docs/benchmarks.md and docs/charts (BENCH_ARGS=--quick: one repetition)"
	@echo "make metacall  MetaCall core from ../shared/vendor and the Go + MetaCall program, in build/metacall (bench/metacall-go)"
	@echo "make bench-bridge  bridge call overhead, throughput and cold start; beside MetaCall's Go port (docs/benchmarks.md)"
	@echo "make bench-classify  classify over workers x batch size x precision (docs/classify.md)"
	@echo "make bench-regression  JMH: regression fit and serial vs concurrent prediction (docs/benchmarks.md)"
	@echo "make bench-service  HTTP load: batching on/off at concurrency 1-128, PSS soak (SOAK_SECONDS); docs/benchmarks.md"
	@echo "make golden-regression  numpy/scikit-learn golden values for the regression tests (docs/regression.md)"
	@echo "make clean   remove build output (MetaCall's and the Spark job's too), the venv and generated models"

setup: venv build models-test

venv: $(VENV)/.installed
$(VENV)/.installed: scripts/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --retries 0 --timeout 5 -r scripts/requirements.txt
	touch $@

# `install` also puts the core jar into the local Maven repository, where the builds of bench/, examples/ and spark/
# find it.
build: target/quarkus-app/quarkus-run.jar target/runtime/release target/python-bytecode/.recorded target/polybridge.aot \
  target/polybridge-classify.aot
target/quarkus-app/quarkus-run.jar: pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVNW) install -DskipTests

# The benchmark harness: a build of its own (bench/pom.xml), run by bench/polybridge-bench.
bench-build: bench/target/polybridge-bench.jar
bench/target/polybridge-bench.jar: target/quarkus-app/quarkus-run.jar bench/pom.xml $(shell find bench/src/main -type f 2>/dev/null)
	$(MVNW) -f bench/pom.xml package -DskipTests

dist: venv
	$(MVNW) install -Pdist -DskipTests
	@ls -l target/polybridge-*.tar.gz

# The Java runtime bin/polybridge launches: the JDK linked without its placeholder jdk.graal.compiler module, so the
# Graal compiler goes on the module path and class-data sharing stays on (scripts/runtime-image.sh).
target/runtime/release: scripts/runtime-image.sh $(JAVA_HOME)/release
	scripts/runtime-image.sh target/runtime

# Checked-hash .pyc files of the Python modules a start imports (GraalPy ships none, and the context may not write
# them): dev.polybridge.bridge.PythonBytecode. bin/jvm-args.sh points the context at them when they are there;
# docs/memory.md ("Start-up, second round") has what they save. Recorded on the stock JDK, so that no AOT cache is
# asked for.
target/python-bytecode/.recorded: target/quarkus-app/quarkus-run.jar bin/jvm-args.sh
	rm -rf target/python-bytecode
	args="$$(POLYBRIDGE_JAVA=$(JAVA_HOME)/bin/java bin/jvm-args.sh)" || exit 1; \
	$(JAVA_HOME)/bin/java $$args -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*" \
	  dev.polybridge.bridge.PythonBytecode target/python-bytecode polybridge_sentiment.pipeline
	touch $@

# The AOT cache (JDK 25, JEP 483/514): the classes a start loads (JVM, Quarkus, GraalPy, the Graal compiler),
# loaded and linked ahead of time, recorded from one `polybridge info`, which starts the Python context.
# bin/jvm-args.sh uses it when it is there; docs/memory.md ("Lean and quick") has the start-up with and without it.
target/polybridge.aot: target/quarkus-app/quarkus-run.jar target/runtime/release target/python-bytecode/.recorded bin/polybridge bin/jvm-args.sh
	rm -f $@ $@.tmp
	POLYBRIDGE_JAVA_OPTS="-XX:AOTCacheOutput=$(CURDIR)/$@.tmp" bin/polybridge info > /dev/null 2> $@.log \
	  || { cat $@.log >&2; exit 1; }
	mv $@.tmp $@

# The AOT cache of `classify`, which runs without the Graal compiler (bin/jvm-args.sh) and without Quarkus, on a flat
# class path (bin/polybridge): recorded from one short classify with the tiny test model. Native Memory Tracking is
# off in the recording run, whose summary report crashes a JVM that is writing an AOT cache (JDK 25.0.3: SIGSEGV in
# FileMapInfo::readonly_total).
target/polybridge-classify.aot: target/quarkus-app/quarkus-run.jar target/runtime/release target/python-bytecode/.recorded bin/polybridge bin/jvm-args.sh $(TINY_MODEL)
	rm -f $@ $@.tmp
	POLYBRIDGE_JAVA_OPTS="-XX:NativeMemoryTracking=off -XX:AOTCacheOutput=$(CURDIR)/$@.tmp" bin/polybridge classify \
	  --input $(SHARED)/data/wine-reviews-10k.csv --limit 200 --model $(dir $(TINY_MODEL)) \
	  --output target/aot-training.csv --progress off > /dev/null 2> $@.log || { cat $@.log >&2; exit 1; }
	mv $@.tmp $@

model: venv
	$(VENV_PY) scripts/make_model.py --name $(MODEL) $(if $(MODEL_DIR),--from-dir $(MODEL_DIR)) --shared $(SHARED) --out models

# The models the tests use: the tiny random one (fast unit tests) and the offline SST-2 one (accuracy).
models-test: venv $(TINY_MODEL)
	$(VENV_PY) scripts/make_model.py --name sst2-minilm-distilbert-v2 --shared $(SHARED) --out models
$(TINY_MODEL): scripts/make_model.py | $(VENV)/.installed
	$(VENV_PY) scripts/make_model.py --name tiny-distilbert-random --shared $(SHARED) --out models
	touch $@

run: build
	$(MAKE) --no-print-directory model MODEL=$(MODEL)
	bin/polybridge classify --input $(INPUT) --limit $(LIMIT) --model models/$(MODEL) --output $(OUTPUT)

serve: build
	$(MAKE) --no-print-directory model MODEL=$(MODEL)
	bin/polybridge serve --port $(PORT) --model models/$(MODEL)

# The format and lint checks, the root build's tests and the distribution's end-to-end test (-Pdist), then the other
# builds and the Python tests.
test: setup lint
	$(MVNW) install -Pdist
	$(MVNW) -f bench/pom.xml verify
	$(MVNW) -f examples/library/pom.xml verify
	$(MAKE) --no-print-directory test-python test-metacall test-spark

test-python: venv
	$(VENV_PY) -m pytest -q src/test/python

# The Go + MetaCall program against the CPython pipeline; make metacall first, so its output (Debian packages
# installed, steps) is in the log.
test-metacall: venv models-test metacall
	$(VENV_PY) -m pytest -q bench/metacall-go

# Java: palantir-java-format (Spotless) and Checkstyle (config/checkstyle); Python: ruff (ruff.toml).
lint: venv
	$(MVNW) spotless:check checkstyle:check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(MVNW) spotless:apply
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The Spark job (spark/pom.xml) is a build of its own on the installed core jar; Spark comes from Maven Central
# (docs/spark.md).
SPARK_JOB := spark/target/polybridge-spark-0.1.0-SNAPSHOT.jar
spark: $(SPARK_JOB)
$(SPARK_JOB): target/quarkus-app/quarkus-run.jar spark/pom.xml $(shell find spark/src/main -type f 2>/dev/null)
	$(MVNW) -f spark/pom.xml package -DskipTests

test-spark: setup spark
	$(MVNW) -f spark/pom.xml verify

bench-spark: setup spark
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	spark/bench/spark-bench.sh $(SPARK_BENCH_ARGS)

# The comparison of docs/benchmarks.md (issue 7): every approach measured the same way, charts in docs/charts.
# BENCH_ARGS passes options on, e.g. BENCH_ARGS=--quick (one repetition, short memory scan); see docs/benchmarks.md.
# A failed make metacall does not stop it: the go-metacall rows of the report then say why.
bench: setup bench-build
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	$(MAKE) --no-print-directory metacall || echo "make bench: make metacall failed; bench compare goes on without go-metacall"
	bench/polybridge-bench compare --model models/distilbert-base-random $(BENCH_ARGS)

# MetaCall core 0.9.22 from ../shared/vendor, built here with the venv's CPython embedded, and the Go + MetaCall
# program against it; installs the Debian packages it needs when they are missing (bench/metacall-go/README.md).
metacall: venv
	SHARED=$(SHARED) PYTHON=$(VENV_PY) bench/metacall-go/build.sh

# polybridge's bridge and MetaCall's Go port on the same trivial Python functions (docs/benchmarks.md).
bench-bridge: build bench-build metacall
	bench/bridge.sh

bench-classify: build
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	$(PYTHON) bench/classify-sweep.py --model models/distilbert-base-random --input $(INPUT) $(SWEEP_ARGS)

bench-regression: build
	bench/regression.sh

bench-service: build bench-build
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	MODEL=models/distilbert-base-random bench/service-load.sh

golden-regression: venv
	$(VENV_PY) scripts/regression_golden.py --shared $(SHARED)

clean:
	rm -rf target bench/target examples/library/target spark/target build $(VENV) out
	find models -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
