"""python-multiprocessing: the seed's second approach, N worker processes each with its own pipeline.

As in the MetaCall-ML-Go seed (multithreadedTextClassifier.py): N processes (default 8), each loading its
own `pipeline('text-classification', model=DIR, device='cpu')`, the texts split into N contiguous chunks
(one per process), each worker classifying its chunk in lists of 16. Differences from the seed, all
deliberate:
  * `batch_size=16` is passed to each call, so each call is one forward pass over 16 sequences padded to
    the longest (the seed passed lists of 16 WITHOUT batch_size, so transformers ran one sequence per
    forward pass; `--unbatched` reproduces exactly that);
  * `truncation=True` on every call, so an over-long text is cut instead of crashing its worker;
  * no 2-second stagger between process starts, and an even split (the seed's `len // 8` chunking made a
    ninth chunk whenever the count was not a multiple of 8);
  * every worker makes one warm-up call on the first texts of its chunk, then waits; the clock for
    classify_s starts when the LAST worker is ready and all are released together, and stops when the
    last one has sent its results. So classify_s holds no model loading, and load_s/warmup_s say how long
    the slowest worker took to get there.

Start method: 'spawn' by default. Each worker is then a fresh interpreter that imports torch and
transformers and loads the model itself, which is what N independent Python processes cost, and what the
comparison with one JVM is about; it is also the method that is safe with torch whatever the parent did
(forking a process whose OpenMP pool has started can hang the child), and Python 3.14 made 'fork' no
longer the default on Linux. The seed ran multiprocessing.Process with Linux's default of its time,
'fork', after `from transformers import pipeline` in the parent: its children shared the parent's
already-imported modules copy-on-write (less PSS per worker, no import time in the workers) but each
still loaded its own model. `--start-method fork` measures that variant: the parent then imports torch
and transformers before starting the workers, as the seed did (it runs no torch op, so no thread pool
exists yet when it forks).

Threads: each worker's PyTorch intra-op pool is torch's default (the number of physical cores) unless
`--threads N` (torch.set_num_threads in each worker); N processes x that many threads share the cores,
which is the oversubscription the seed had. The summary states both numbers.

Timing: startup_s, load_s and warmup_s end when the last worker finishes that phase (phases overlap
across workers); `workers` in the summary gives each worker's own durations.

Prints one JSON summary line on stdout; progress and messages go to stderr.
"""

import time

STARTED = time.monotonic()

import multiprocessing  # noqa: E402
import queue  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

import bench_common as common  # noqa: E402

WARMUP_TEXTS = 8
POLL_S = 1.0


def parse_args():
    parser = common.common_arguments(__doc__)
    parser.add_argument(
        "--processes",
        type=common.positive_int,
        default=8,
        help="worker processes, each with its own model (default: 8, as the seed)",
    )
    parser.add_argument(
        "--batch-size",
        type=common.positive_int,
        default=16,
        help="texts per call and batch_size passed to each call (default: 16)",
    )
    parser.add_argument(
        "--unbatched",
        action="store_true",
        help="the seed's exact calls: lists of --batch-size texts WITHOUT batch_size (one sequence per forward pass)",
    )
    parser.add_argument(
        "--threads",
        type=common.positive_int,
        help="torch.set_num_threads(N) in each worker (default: torch's choice, the physical cores)",
    )
    parser.add_argument(
        "--start-method",
        choices=("spawn", "fork"),
        default="spawn",
        help="multiprocessing start method (default: spawn; see the module docstring)",
    )
    return parser.parse_args()


def split_evenly(texts, parts):
    """Contiguous chunks whose sizes differ by at most one: [(start_index, texts), ...]."""
    base, extra = divmod(len(texts), parts)
    chunks, start = [], 0
    for part in range(parts):
        size = base + (1 if part < extra else 0)
        chunks.append((start, texts[start : start + size]))
        start += size
    return chunks


def worker(worker_id, texts, model_dir, batch_size, unbatched, threads, events, go):
    """Runs in a worker process: import, load, warm up, wait for `go`, classify, report."""
    try:
        entered = time.monotonic()
        import torch
        from transformers import pipeline

        if threads:
            torch.set_num_threads(threads)
        events.put(("imported", worker_id, time.monotonic(), entered))
        classifier = pipeline("text-classification", model=model_dir, device="cpu")
        events.put(("loaded", worker_id, time.monotonic()))
        call_options = {"truncation": True}
        if not unbatched:
            call_options["batch_size"] = batch_size
        classifier(texts[:WARMUP_TEXTS], **call_options)
        events.put(("ready", worker_id, time.monotonic(), torch.get_num_threads(), torch.get_num_interop_threads()))
        go.wait()
        started = time.monotonic()
        results = []
        for start in range(0, len(texts), batch_size):
            results.extend(classifier(texts[start : start + batch_size], **call_options))
        done = time.monotonic()
        if len(results) != len(texts):
            raise RuntimeError(f"the pipeline returned {len(results)} results for {len(texts)} texts")
        lengths = [len(ids) for ids in classifier.tokenizer(texts, truncation=True)["input_ids"]]
        events.put(
            (
                "done",
                worker_id,
                done,
                started,
                [r["label"] for r in results],
                [float(r["score"]) for r in results],
                lengths,
            )
        )
    except BaseException:
        events.put(("error", worker_id, traceback.format_exc()))
        raise


class WorkerFailed(Exception):
    pass


def wait_for(kind, events, processes, seen):
    """Waits until every worker has sent a `kind` event; raises WorkerFailed if one reports an error or dies.

    `seen` keeps every event by kind and worker, since a fast worker's later events can arrive first.
    """
    collected = seen.setdefault(kind, {})
    while len(collected) < len(processes):
        try:
            event = events.get(timeout=POLL_S)
        except queue.Empty:
            for worker_id, process in enumerate(processes):
                if worker_id not in collected and process.exitcode not in (None, 0):
                    raise WorkerFailed(
                        f"worker {worker_id} (pid {process.pid}) died with exit code {process.exitcode} before '{kind}'"
                    ) from None
            continue
        if event[0] == "error":
            raise WorkerFailed(f"worker {event[1]} failed:\n{event[2]}")
        seen.setdefault(event[0], {})[event[1]] = event
        if event[0] == "done":
            common.log(f"worker {event[1]} done ({len(seen['done'])}/{len(processes)})")
    return collected


def main():
    args = parse_args()
    common.require_transformers_model(args.model)
    input_started = time.monotonic()
    texts = common.read_texts(args.input, args.limit)
    input_done = time.monotonic()
    if args.processes > len(texts):
        raise common.BenchError(f"--processes {args.processes} is more than the {len(texts)} texts to classify")
    chunks = split_evenly(texts, args.processes)

    if args.start_method == "fork":
        import torch  # noqa: F401
        from transformers import pipeline  # noqa: F401
    context = multiprocessing.get_context(args.start_method)
    events = context.Queue()
    go = context.Event()
    processes = [
        context.Process(
            target=worker,
            name=f"classifier-{i}",
            args=(i, chunk, str(args.model), args.batch_size, args.unbatched, args.threads, events, go),
        )
        for i, (_, chunk) in enumerate(chunks)
    ]
    spawning = time.monotonic()
    for process in processes:
        process.start()
    seen = {}
    try:
        wait_for("imported", events, processes, seen)
        wait_for("loaded", events, processes, seen)
        ready = wait_for("ready", events, processes, seen)
        released = time.monotonic()
        common.log(f"all {len(processes)} workers ready; classifying")
        go.set()
        done = wait_for("done", events, processes, seen)
    except WorkerFailed as e:
        for process in processes:
            process.terminate()
        common.log(f"error: {e}")
        sys.exit(1)
    finally:
        for process in processes:
            process.join()

    labels, scores, work = [], [], []
    for worker_id in range(len(chunks)):
        _, _, _, _, chunk_labels, chunk_scores, lengths = done[worker_id]
        labels.extend(chunk_labels)
        scores.extend(chunk_scores)
        work.append(common.padded_work(lengths, 1 if args.unbatched else args.batch_size))
    common.write_results(args.output, labels, scores)

    imported_at = max(e[2] for e in seen["imported"].values())
    loaded_at = max(e[2] for e in seen["loaded"].values())
    ready_at = max(e[2] for e in ready.values())
    finished_at = max(e[2] for e in done.values())
    torch_threads = {e[3] for e in ready.values()}
    common.print_summary(
        {
            "approach": "python-multiprocessing" + ("-unbatched" if args.unbatched else ""),
            "model": str(args.model),
            "items": len(texts),
            "input_s": common.seconds(input_started, input_done),
            "startup_s": common.seconds(STARTED, input_started, input_done, imported_at),
            "load_s": common.seconds(imported_at, loaded_at),
            "warmup_s": common.seconds(loaded_at, ready_at),
            "classify_s": common.seconds(released, finished_at),
            "total_s": common.seconds(STARTED, time.monotonic()),
            "processes": args.processes,
            "start_method": args.start_method,
            "texts_per_call": args.batch_size,
            "batch_size": 1 if args.unbatched else args.batch_size,
            "threads": {
                "processes": args.processes,
                "torch_intra_op_per_process": sorted(torch_threads),
                "torch_inter_op_per_process": sorted({e[4] for e in ready.values()}),
                "torch_intra_op_total": sum(e[3] for e in ready.values()),
            },
            "padded_work": common.sum_work(work),
            "labels": {label: labels.count(label) for label in sorted(set(labels))},
            "workers": [
                {
                    "worker": i,
                    "items": len(chunk),
                    "spawn_to_entry_s": common.seconds(spawning, seen["imported"][i][3]),
                    "import_s": common.seconds(seen["imported"][i][3], seen["imported"][i][2]),
                    "load_s": common.seconds(seen["imported"][i][2], seen["loaded"][i][2]),
                    "warmup_s": common.seconds(seen["loaded"][i][2], ready[i][2]),
                    "classify_s": common.seconds(done[i][3], done[i][2]),
                }
                for i, (_, chunk) in enumerate(chunks)
            ],
        }
    )


if __name__ == "__main__":
    sys.exit(common.run_main(main))
