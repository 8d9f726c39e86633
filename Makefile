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

.PHONY: help setup venv build model models-test run serve test spark test-spark bench-spark bench bench-bridge bench-classify bench-regression bench-service golden-regression clean

help:
	@echo "make run     set up everything, then classify the first $(LIMIT) wine reviews into $(OUTPUT)"
	@echo "make serve   serve \$$MODEL over HTTP on 127.0.0.1:\$$PORT (default $(PORT)); docs/service.md"
	@echo "make test    set up everything, then run the whole test suite"
	@echo "make setup   Python venv (offline wheel mirror), Java build, test models"
	@echo "make spark   the Spark job (spark/, on the polybridge artifact installed to ~/.m2); docs/spark.md"
	@echo "make test-spark  the Spark tests: local[2] and a standalone cluster on 127.0.0.1 (part of make test)"
	@echo "make bench-spark  SparkClassify against classify, local[2] and a 2-worker cluster (docs/spark.md; SPARK_BENCH_ARGS)"
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

build: target/quarkus-app/quarkus-run.jar
target/quarkus-app/quarkus-run.jar: pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVNW) package -DskipTests

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
	$(MAKE) --no-print-directory test-spark

# The Spark job is a build of its own on the polybridge artifact; Spark comes from Maven Central (docs/spark.md).
SPARK_JOB := spark/target/polybridge-spark-0.1.0-SNAPSHOT.jar
spark: $(SPARK_JOB)
$(SPARK_JOB): pom.xml spark/pom.xml $(shell find src/main spark/src/main -type f 2>/dev/null)
	$(MVNW) install -DskipTests
	cd spark && ../$(MVNW) package -DskipTests

# The offline SST-2 model the Spark tests compare labels with.
SPARK_TEST_MODEL := sst2-minilm-distilbert-v2
test-spark: setup spark
	$(MAKE) --no-print-directory model MODEL=$(SPARK_TEST_MODEL) MODEL_DIR=$(SHARED)/models/$(SPARK_TEST_MODEL)
	cd spark && ../$(MVNW) verify

bench-spark: setup spark
	$(MAKE) --no-print-directory model MODEL=distilbert-base-random
	spark/bench/spark-bench.sh $(SPARK_BENCH_ARGS)

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
