"""The Go + MetaCall program against the CPython transformers pipeline, on real wine reviews.

Builds it through `make metacall` (which installs the Debian packages it needs when missing), then runs it on the
first 20 reviews with the models `make models-test` prepares, and compares its labels and scores row by row with
bench/python/python_single.py (the seed's transformers pipeline in plain CPython) on the same rows. Bad input must
end with a clear message and a non-zero exit, never a hang.

    .venv/bin/python -m pytest bench/metacall-go      (make test runs it)
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "build/metacall/bin/metacall-classify"
PYTHON = ROOT / ".venv/bin/python"
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
REVIEWS = SHARED / "data/wine-reviews-10k.csv"
TINY = "tiny-distilbert-random"
SST2 = "sst2-minilm-distilbert-v2"
ROWS = 20
# A run loads torch and a model: tens of seconds on a busy 2-core machine. A hang is what these limits catch.
RUN_TIMEOUT_S = 600
BAD_INPUT_TIMEOUT_S = 60
# Both compute each text alone through the same torch model; only the batching around the calls differs.
SCORE_TOLERANCE = 1e-5
BATCHED_SCORE_TOLERANCE = 1e-4


@pytest.fixture(scope="session")
def program():
    build = subprocess.run(
        ["make", "--no-print-directory", "metacall", f"SHARED={SHARED}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, f"make metacall failed:\n{build.stdout}\n{build.stderr}"
    assert PROGRAM.is_file()
    return PROGRAM


def model_dir(name):
    folder = ROOT / "models" / name
    if not (folder / "config.json").is_file():
        pytest.fail(f"{folder} is not prepared: run make models-test (make test does it)")
    return folder


def run_program(program, *args, timeout=RUN_TIMEOUT_S):
    return subprocess.run([str(program), *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def summary_of(run):
    """The one line on stdout, parsed: the contract bench compare reads."""
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stderr[-3000:]}"
    lines = run.stdout.splitlines()
    assert len(lines) == 1, f"stdout must be one JSON line, got {len(lines)}:\n{run.stdout[:2000]}"
    return json.loads(lines[0])


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


_references = {}


def reference(model, tmp_path_factory):
    """python_single.py's results on the same rows: the transformers pipeline in plain CPython."""
    if model not in _references:
        output = tmp_path_factory.mktemp("reference") / f"{model}.jsonl"
        run = subprocess.run(
            [
                str(PYTHON),
                str(ROOT / "bench/python/python_single.py"),
                "--model",
                model_dir(model),
                "--input",
                REVIEWS,
                "--limit",
                str(ROWS),
                "--output",
                output,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        _references[model] = read_jsonl(output)
    return _references[model]


def assert_same_results(results, expected, tolerance):
    assert [r["index"] for r in results] == list(range(ROWS))
    assert [r["label"] for r in results] == [r["label"] for r in expected]
    for got, want in zip(results, expected, strict=False):
        assert got["score"] == pytest.approx(want["score"], abs=tolerance), f"row {got['index']}"


@pytest.mark.parametrize(
    "model, extra, tolerance, approach",
    [
        (TINY, [], SCORE_TOLERANCE, "go-metacall"),
        # Batches of 3 over 4 workers finish out of order: the results must still come back in input order.
        (TINY, ["--batch-size", "3", "--workers", "4"], SCORE_TOLERANCE, "go-metacall"),
        (SST2, [], SCORE_TOLERANCE, "go-metacall"),
        (SST2, ["--pipeline-batch-size", "32"], BATCHED_SCORE_TOLERANCE, "go-metacall-batched"),
    ],
    ids=["tiny", "tiny-out-of-order-batches", "sst2", "sst2-batched"],
)
def test_labels_equal_the_cpython_pipeline(program, tmp_path, tmp_path_factory, model, extra, tolerance, approach):
    output = tmp_path / "results.jsonl"
    run = run_program(
        program, "--model", model_dir(model), "--input", REVIEWS, "--limit", ROWS, "--output", output, *extra
    )
    summary = summary_of(run)

    assert_same_results(read_jsonl(output), reference(model, tmp_path_factory), tolerance)
    assert summary["approach"] == approach
    assert summary["items"] == ROWS
    assert summary["items_per_s"] > 0 and summary["classify_s"] > 0 and summary["load_s"] > 0
    assert sum(summary["labels"].values()) == ROWS
    assert summary["go_memstats"]["alloc_bytes"] > 0
    assert summary["threads"]["metacall_call_thread"] == 1
    assert summary["padded_work"]["sequences"] == ROWS
    assert summary["versions"]["metacall"] == "0.9.22"


def test_python_print_and_metacall_log_stay_off_stdout(program, tmp_path):
    module = tmp_path / "printing.py"
    module.write_text(
        "print('printed by the embedded Python at import')\n"
        "def process_batch(texts):\n"
        "    print('printed by process_batch')\n"
        "    return [{'label': 'POSITIVE', 'score': 1.0} for _ in texts]\n"
        "def describe(texts, texts_per_call):\n"
        "    return {}\n"
    )
    run = run_program(program, "--model", model_dir(TINY), "--input", REVIEWS, "--limit", 3, "--script", module)

    assert summary_of(run)["labels"] == {"POSITIVE": 3}
    assert "printed by the embedded Python at import" in run.stderr
    assert "printed by process_batch" in run.stderr


def bad_run(program, *args):
    run = run_program(program, *args, timeout=BAD_INPUT_TIMEOUT_S)
    assert run.returncode != 0
    assert run.stdout == ""
    return run.stderr


def test_missing_model_is_named(program, tmp_path):
    missing = tmp_path / "no-such-model"
    err = bad_run(program, "--model", missing, "--input", REVIEWS, "--limit", 5)
    assert f"model folder not found: {missing}" in err


def test_model_without_weights_is_named(program, tmp_path):
    model = tmp_path / "no-weights"
    shutil.copytree(model_dir(TINY), model)
    (model / "model.safetensors").unlink()
    err = bad_run(program, "--model", model, "--input", REVIEWS, "--limit", 5)
    assert "model file not found: model.safetensors or pytorch_model.bin" in err


def test_unknown_column_is_named(program):
    err = bad_run(program, "--model", model_dir(TINY), "--input", REVIEWS, "--limit", 5, "--column", "tasting_note")
    assert "no 'tasting_note' column in the header" in err


def test_empty_csv_is_named(program, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    err = bad_run(program, "--model", model_dir(TINY), "--input", empty, "--limit", 5)
    assert f"{empty}: the file is empty (no header row)" in err


def test_header_only_csv_is_named(program, tmp_path):
    header_only = tmp_path / "header.csv"
    header_only.write_text("id,description\n")
    err = bad_run(program, "--model", model_dir(TINY), "--input", header_only, "--limit", 5)
    assert "no data rows after the header" in err


def test_ragged_row_is_named(program, tmp_path):
    ragged = tmp_path / "ragged.csv"
    ragged.write_text('id,description\n1,"fine, ripe fruit"\n2,too,many,fields\n')
    err = bad_run(program, "--model", model_dir(TINY), "--input", ragged, "--limit", 2)
    assert "data row 2" in err and "wrong number of fields" in err


def test_a_model_the_pipeline_cannot_load_fails_without_hanging(program, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(model_dir(TINY), broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    run = run_program(program, "--model", broken, "--input", REVIEWS, "--limit", 5, timeout=RUN_TIMEOUT_S)

    assert run.returncode == 1
    assert run.stdout == ""
    assert "loading" in run.stderr and "ml_processor.py" in run.stderr


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
