// Command metacall-classify is the MetaCall-ML-Go seed's "Go + MetaCall" approach, rebuilt to be measured: Go
// reads the CSV with encoding/csv, cuts the first N descriptions into batches of 32, and runtime.NumCPU()
// goroutine workers take batches from a channel and each call metacall.Call("process_batch", batch), which runs
// the transformers pipeline of ml_processor.py in the CPython that MetaCall embeds.
//
// MetaCall's Go port hands every Call to one goroutine locked to one OS thread, so the workers' calls run one at a
// time whatever their number (docs/benchmarks.md, "Go + MetaCall").
//
// Standard output carries one JSON summary line and nothing else: MetaCall's logger and the embedded Python's
// print write to file descriptor 1, which this program points at standard error before MetaCall starts.
// Results go to --output as JSON lines {index, label, score}, in input order.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"dev.polybridge/bench/metacall-go/metacallenv"
)

const (
	exitFailure  = 1
	exitBadInput = 2
	warmupTexts  = 8
)

var started = time.Now()

type options struct {
	input, output, model, column, script, approach string
	limit, workers, batchSize, pipelineBatchSize   int
}

// badInput is a problem the user can fix: exit status 2 and the message alone.
type badInput struct{ message string }

func (e badInput) Error() string { return e.message }

func badInputf(format string, args ...interface{}) error {
	return badInput{fmt.Sprintf(format, args...)}
}

func main() {
	summaryOut, err := metacallenv.KeepStdout()
	if err != nil {
		die(err)
	}
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		die(err)
	}
	summary, err := run(opts)
	if err != nil {
		die(err)
	}
	line, err := json.Marshal(summary)
	if err != nil {
		die(err)
	}
	if _, err := fmt.Fprintln(summaryOut, string(line)); err != nil {
		die(err)
	}
	// As the seed: no metacall.Destroy() before the exit.
	os.Exit(0)
}

func die(err error) {
	fmt.Fprintf(os.Stderr, "metacall-classify: error: %v\n", err)
	var bad badInput
	if errors.As(err, &bad) {
		os.Exit(exitBadInput)
	}
	os.Exit(exitFailure)
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("metacall-classify", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.StringVar(&o.input, "input", "../shared/data/wine-reviews-10k.csv", "CSV with a header row")
	fs.StringVar(&o.column, "column", "description", "the column holding the texts")
	fs.IntVar(&o.limit, "limit", 1000, "classify the first N data rows")
	fs.StringVar(&o.model, "model", "", "model folder in Hugging Face layout (from make model); required")
	fs.StringVar(&o.output, "output", "", "write one JSON line {index, label, score} per row, in input order")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "goroutine workers calling process_batch (the seed: runtime.NumCPU())")
	fs.IntVar(&o.batchSize, "batch-size", 32, "texts per process_batch call (the seed: 32)")
	fs.IntVar(&o.pipelineBatchSize, "pipeline-batch-size", 0,
		"batch_size passed to the pipeline; 0 passes none, as the seed (one sequence per forward pass)")
	fs.StringVar(&o.script, "script", filepath.Join(metacallenv.Root, "bench/metacall-go/ml_processor.py"),
		"the Python module MetaCall loads")
	fs.StringVar(&o.approach, "approach", "", "name in the summary (default go-metacall, or go-metacall-batched)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		return o, badInput{err.Error()}
	}
	if fs.NArg() > 0 {
		return o, badInputf("unexpected argument %q", fs.Arg(0))
	}
	for name, value := range map[string]int{"--limit": o.limit, "--workers": o.workers, "--batch-size": o.batchSize} {
		if value < 1 {
			return o, badInputf("%s must be at least 1, got %d", name, value)
		}
	}
	if o.pipelineBatchSize < 0 {
		return o, badInputf("--pipeline-batch-size must be 0 or more, got %d", o.pipelineBatchSize)
	}
	if o.model == "" {
		return o, badInputf("--model is required (a folder from make model)")
	}
	if o.approach == "" {
		o.approach = "go-metacall"
		if o.pipelineBatchSize > 0 {
			o.approach = "go-metacall-batched"
		}
	}
	return o, nil
}

func run(o options) (map[string]interface{}, error) {
	if err := checkModel(o.model); err != nil {
		return nil, err
	}
	inputStarted := time.Now()
	texts, err := readTexts(o.input, o.column, o.limit)
	if err != nil {
		return nil, err
	}
	inputDone := time.Now()

	// ml_processor.py reads these at import.
	if err := metacallenv.Start(map[string]string{
		"METACALL_CLASSIFY_MODEL":               o.model,
		"METACALL_CLASSIFY_PIPELINE_BATCH_SIZE": fmt.Sprint(o.pipelineBatchSize),
	}); err != nil {
		return nil, err
	}
	initialized := time.Now()
	// The import builds the pipeline: the model load.
	if err := metacallenv.Load(o.script); err != nil {
		return nil, err
	}
	loaded := time.Now()

	warmup := texts[:min(warmupTexts, len(texts))]
	if _, _, err := classify(warmup); err != nil {
		return nil, fmt.Errorf("warm-up call: %w", err)
	}
	warmed := time.Now()

	labels, scores, err := classifyAll(texts, o.batchSize, o.workers)
	if err != nil {
		return nil, err
	}
	classified := time.Now()
	if err := writeResults(o.output, labels, scores); err != nil {
		return nil, err
	}

	var heap runtime.MemStats
	runtime.ReadMemStats(&heap)
	facts, err := callMap("describe", texts, o.batchSize)
	if err != nil {
		return nil, err
	}
	classifySeconds := seconds(warmed, classified)
	// The module's import is torch's and transformers' imports, then the pipeline: only the latter is load_s, as
	// in bench/python's programs.
	loadSeconds, ok := facts["load_s"].(float64)
	if !ok {
		loadSeconds = seconds(initialized, loaded)
	}
	summary := map[string]interface{}{
		"approach":            o.approach,
		"model":               o.model,
		"items":               len(texts),
		"input_s":             seconds(inputStarted, inputDone),
		"startup_s":           seconds(started, inputStarted) + seconds(inputDone, loaded) - loadSeconds,
		"load_s":              loadSeconds,
		"warmup_s":            seconds(loaded, warmed),
		"classify_s":          classifySeconds,
		"items_per_s":         float64(len(texts)) / classifySeconds,
		"total_s":             seconds(started, time.Now()),
		"workers":             o.workers,
		"texts_per_call":      o.batchSize,
		"batch_size":          max(o.pipelineBatchSize, 1),
		"pipeline_batch_size": o.pipelineBatchSize,
		"labels":              countLabels(labels),
		// The seed's own memory figure ("Final Memory Usage", MemStats.Alloc / 1024 / 1024): the Go heap only.
		"go_memstats": map[string]interface{}{
			"alloc_bytes":     heap.Alloc,
			"sys_bytes":       heap.Sys,
			"seed_figure_mib": heap.Alloc / 1024 / 1024,
		},
		"metacall": "MetaCall core 0.9.22 (" + metacallenv.Install + "), Go port: one goroutine locked to one OS thread runs every Call",
		"date":     time.Now().Format("2006-01-02T15:04:05-0700"),
	}
	for _, key := range []string{"versions", "cpus", "model_dtype", "parameters", "padded_work"} {
		summary[key] = facts[key]
	}
	summary["threads"] = map[string]interface{}{
		"go_workers":           o.workers,
		"metacall_call_thread": 1,
		"torch":                facts["threads"],
	}
	versions, _ := facts["versions"].(map[string]interface{})
	if versions != nil {
		versions["go"] = runtime.Version()
		versions["metacall"] = "0.9.22"
	}
	return summary, nil
}

func seconds(from, to time.Time) float64 {
	return float64(to.Sub(from).Microseconds()) / 1e6
}

func countLabels(labels []string) map[string]int {
	counts := map[string]int{}
	for _, label := range labels {
		counts[label]++
	}
	return counts
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}
