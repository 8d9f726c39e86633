# polybridge — every entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME   := $(shell scripts/java-home.sh)
export JAVA_HOME
MVNW        := ./mvnw -B -q
PYTHON      ?= python3.11
VENV        := .venv
VENV_PY     := $(VENV)/bin/python
SHARED      ?= ../shared
# The model `make run` classifies with: a real sentiment model available offline (see ../shared/README.md).
MODEL       ?= sst2-minilm-distilbert
INPUT       ?= $(SHARED)/data/wine-reviews-10k.csv
LIMIT       ?= 1000
OUTPUT      ?= out/wine-reviews-$(LIMIT).csv
PORT        ?= 8080
BENCH_ARGS  ?=

.PHONY: help setup venv build model models-test run serve test bench bench-bridge bench-classify bench-regression bench-service golden-regression clean

help:
	@echo "make run     set up everything, then classify the first $(LIMIT) wine reviews into $(OUTPUT)"
	@echo "make serve   serve \$$MODEL over HTTP on 127.0.0.1:\$$PORT (default $(PORT)); docs/service.md"
	@echo "make test    set up everything, then run the whole test suite"
	@echo "make setup   Python venv (offline wheel mirror), Java build, test models"
	@echo "make model   prepare models/\$$MODEL (MODEL=sst2-minilm-distilbert | distilbert-base-random | tiny-distilbert-random | distilbert-base-uncased-finetuned-sst-2-english; MODEL_DIR=an HF folder)"
	@echo "make bench   polybridge vs Python, measured the same way: docs/benchmarks.md and docs/charts (BENCH_ARGS=--quick: one repetition)"
	@echo "make bench-bridge  bridge call overhead, throughput and cold start (docs/benchmarks.md)"
	@echo "make bench-classify  classify over workers x batch size x precision (docs/classify.md)"
	@echo "make bench-regression  JMH: regression fit and serial vs concurrent prediction (docs/benchmarks.md)"
	@echo "make bench-service  HTTP load: batching on/off at concurrency 1-128, PSS soak (SOAK_SECONDS); docs/benchmarks.md"
	@echo "make golden-regression  numpy/scikit-learn golden values for the regression tests (docs/regression.md)"
	@echo "make clean   remove build output, the venv and generated models"

setup: venv build models-test

venv: $(VENV)/.installed
$(VENV)/.installed: scripts/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --retries 0 --timeout 5 -r scripts/requirements.txt
	touch $@

build: target/quarkus-app/quarkus-run.jar target/runtime/release target/polybridge.aot
target/quarkus-app/quarkus-run.jar: pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVNW) package -DskipTests

# The Java runtime bin/polybridge launches: the JDK linked without its placeholder jdk.graal.compiler module, so the
# Graal compiler goes on the module path and class-data sharing stays on (scripts/runtime-image.sh).
target/runtime/release: scripts/runtime-image.sh $(JAVA_HOME)/release
	scripts/runtime-image.sh target/runtime

# The AOT cache (JDK 25, JEP 483/514): the classes a start loads (JVM, Quarkus, GraalPy, the Graal compiler),
# loaded and linked ahead of time, recorded from one `polybridge info`, which starts the Python context.
# bin/jvm-args.sh uses it when it is there; docs/memory.md ("Lean and quick") has the start-up with and without it.
target/polybridge.aot: target/quarkus-app/quarkus-run.jar target/runtime/release bin/jvm-args.sh
	rm -f $@ $@.tmp
	POLYBRIDGE_JAVA_OPTS="-XX:AOTCacheOutput=$(CURDIR)/$@.tmp" bin/polybridge info > /dev/null 2> $@.log \
	  || { cat $@.log >&2; exit 1; }
	mv $@.tmp $@

model: venv
	$(VENV_PY) scripts/make_model.py --name $(MODEL) $(if $(MODEL_DIR),--from-dir $(MODEL_DIR)) --shared $(SHARED) --out models

# The models the tests use: the tiny random one (fast unit tests) and the offline SST-2 one (accuracy).
models-test: venv
	$(VENV_PY) scripts/make_model.py --name tiny-distilbert-random --shared $(SHARED) --out models
	$(VENV_PY) scripts/make_model.py --name sst2-minilm-distilbert --shared $(SHARED) --out models

run: build
	$(MAKE) --no-print-directory model MODEL=$(MODEL)
	bin/polybridge classify --input $(INPUT) --limit $(LIMIT) --model models/$(MODEL) --output $(OUTPUT)

serve: build
	$(MAKE) --no-print-directory model MODEL=$(MODEL)
	bin/polybridge serve --port $(PORT) --model models/$(MODEL)

test: setup
	$(MVNW) verify

# The comparison of docs/benchmarks.md (issue 7): every approach measured the same way, charts in docs/charts.
# BENCH_ARGS passes options on, e.g. BENCH_ARGS=--quick (one repetition, short memory scan); see docs/benchmarks.md.
bench: setup
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	bin/polybridge bench compare --model models/distilbert-base-random $(BENCH_ARGS)

bench-bridge: build
	bin/polybridge bench bridge --repetitions 3 --entry-threads 1,2 --cold-starts 3

bench-classify: build
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	$(PYTHON) bench/classify-sweep.py --model models/distilbert-base-random --input $(INPUT) $(SWEEP_ARGS)

bench-regression:
	bench/regression.sh

bench-service: build
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	MODEL=models/distilbert-base-random bench/service-load.sh

golden-regression: venv
	$(VENV_PY) scripts/regression_golden.py --shared $(SHARED)

clean:
	rm -rf target $(VENV) out
	find models -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
