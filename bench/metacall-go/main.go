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
	"runtime"
	"syscall"
	"time"

	metacall "github.com/metacall/core/source/ports/go_port/source"
)

const (
	exitFailure  = 1
	exitBadInput = 2
	warmupTexts  = 8
)

// Set at build time by bench/metacall-go/build.sh (-ldflags -X).
var (
	metacallInstall = ""
	defaultScript   = ""
	venvPython      = ""
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
	summaryOut, err := keepStdoutForTheSummary()
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
	// As the seed, no metacall.Destroy(): finalizing CPython with torch's threads adds seconds to every run.
	os.Exit(0)
}

// keepStdoutForTheSummary moves the real standard output to a new descriptor for the summary and points
// descriptor 1 at standard error, where MetaCall's logger and Python's print then write.
func keepStdoutForTheSummary() (*os.File, error) {
	saved, err := syscall.Dup(1)
	if err != nil {
		return nil, fmt.Errorf("duplicating standard output: %w", err)
	}
	if err := syscall.Dup3(2, 1, 0); err != nil {
		return nil, fmt.Errorf("pointing standard output at standard error: %w", err)
	}
	syscall.CloseOnExec(saved)
	return os.NewFile(uintptr(saved), "stdout"), nil
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
	fs.StringVar(&o.script, "script", defaultScript, "the Python module MetaCall loads")
	fs.StringVar(&o.approach, "approach", "", "name in the summary (default go-metacall, or go-metacall-batched)")
	if err := fs.Parse(args); err != nil {
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
	if _, err := os.Stat(o.script); err != nil {
		return nil, fmt.Errorf("the Python module %q is not there (--script): %w", o.script, err)
	}
	inputStarted := time.Now()
	texts, err := readTexts(o.input, o.column, o.limit)
	if err != nil {
		return nil, err
	}
	inputDone := time.Now()

	if err := prepareEnvironment(o); err != nil {
		return nil, err
	}
	if err := metacall.Initialize(); err != nil {
		return nil, fmt.Errorf("starting MetaCall: %w", err)
	}
	initialized := time.Now()
	// The import builds the pipeline: the model load.
	if err := metacall.LoadFromFile("py", []string{o.script}); err != nil {
		return nil, fmt.Errorf("loading %s into MetaCall's Python (the traceback is above on stderr): %w", o.script, err)
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
	summary := map[string]interface{}{
		"approach":            o.approach,
		"model":               o.model,
		"items":               len(texts),
		"input_s":             seconds(inputStarted, inputDone),
		"startup_s":           seconds(started, inputStarted) + seconds(inputDone, initialized),
		"load_s":              seconds(initialized, loaded),
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
		"metacall": "MetaCall core 0.9.22 (" + metacallInstall + "), Go port: one goroutine locked to one OS thread runs every Call",
		"date":     time.Now().Format("2006-01-02T15:04:05-0700"),
	}
	for _, key := range []string{"threads", "versions", "cpus", "model_dtype", "parameters", "padded_work"} {
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

// prepareEnvironment tells MetaCall where its plugins are and the Python module what to build, before
// metacall.Initialize starts the embedded CPython (which reads the environment once).
func prepareEnvironment(o options) error {
	if metacallInstall == "" {
		return errors.New("built without the MetaCall install folder: build with make metacall")
	}
	settings := map[string]string{
		"LOADER_LIBRARY_PATH":                   metacallInstall + "/lib",
		"SERIAL_LIBRARY_PATH":                   metacallInstall + "/lib",
		"DETOUR_LIBRARY_PATH":                   metacallInstall + "/lib",
		"CONFIGURATION_PATH":                    metacallInstall + "/configurations/global.json",
		"METACALL_CLASSIFY_MODEL":               o.model,
		"METACALL_CLASSIFY_PIPELINE_BATCH_SIZE": fmt.Sprint(o.pipelineBatchSize),
	}
	// CPython finds its prefix from "python3" on PATH: the venv's, so its site-packages (torch, transformers).
	if venvPython != "" {
		settings["PATH"] = dir(venvPython) + ":" + os.Getenv("PATH")
	}
	for key, value := range settings {
		if err := os.Setenv(key, value); err != nil {
			return fmt.Errorf("setting %s: %w", key, err)
		}
	}
	return nil
}

func dir(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i]
		}
	}
	return "."
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
