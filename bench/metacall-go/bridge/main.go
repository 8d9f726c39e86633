// Command metacall-bridge measures MetaCall's Go port itself, with the model out of the picture: warm calls of
// trivial Python functions (add two ints; echo a list of 32 short strings) from 1 and from 8 concurrent goroutines.
// It loads the same Python file as polybridge's `bench bridge` (bench/src/main/python/polybridge_bench/calls.py).
//
// Each figure is the median of --repetitions timed rounds after one untimed warm-up round. Prints one JSON line.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"time"

	"dev.polybridge/bench/metacall-go/metacallenv"
	metacall "github.com/metacall/core/source/ports/go_port/source"
)

// echoTexts are the 32 short strings the echo function gets and must give back.
var echoTexts = func() []string {
	texts := make([]string, 32)
	for i := range texts {
		texts[i] = fmt.Sprintf("review %02d", i)
	}
	return texts
}()

type function struct {
	name  string
	calls int
	call  func() error
}

func main() {
	out, err := metacallenv.KeepStdout()
	if err != nil {
		die(err)
	}
	fs := flag.NewFlagSet("metacall-bridge", flag.ContinueOnError)
	script := fs.String("script", filepath.Join(metacallenv.Root, "bench/src/main/python/polybridge_bench/calls.py"),
		"the Python file holding add_ints and echo_texts")
	repetitions := fs.Int("repetitions", 3, "timed rounds per figure (median reported)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *repetitions < 1 {
		die(fmt.Errorf("--repetitions must be at least 1, got %d", *repetitions))
	}
	started := time.Now()
	if err := metacallenv.Start(nil); err != nil {
		die(err)
	}
	if err := metacallenv.Load(*script); err != nil {
		die(err)
	}
	results := map[string]interface{}{
		"bridge":      "MetaCall core 0.9.22, Go port (metacall.Call: one goroutine locked to one OS thread runs every call)",
		"go":          runtime.Version(),
		"gomaxprocs":  runtime.GOMAXPROCS(0),
		"repetitions": *repetitions,
		"start_s":     time.Since(started).Seconds(),
	}
	for _, f := range []function{
		{"add_ints", 20000, callAdd},
		{"echo_32_strings", 10000, callEcho},
	} {
		for _, callers := range []int{1, 8} {
			figure, err := measure(f, callers, *repetitions)
			if err != nil {
				die(fmt.Errorf("%s with %d caller(s): %w", f.name, callers, err))
			}
			results[fmt.Sprintf("%s_callers_%d", f.name, callers)] = figure
		}
	}
	line, err := json.Marshal(results)
	if err != nil {
		die(err)
	}
	fmt.Fprintln(out, string(line))
	os.Exit(0)
}

func callAdd() error {
	value, err := metacall.Call("add_ints", 20, 22)
	if err != nil {
		return err
	}
	if sum, ok := value.(int64); !ok || sum != 42 {
		return fmt.Errorf("add_ints(20, 22) returned %v (%T), not 42", value, value)
	}
	return nil
}

func callEcho() error {
	value, err := metacall.Call("echo_texts", echoTexts)
	if err != nil {
		return err
	}
	items, ok := value.([]interface{})
	if !ok || len(items) != len(echoTexts) {
		return fmt.Errorf("echo_texts returned %v (%T), not the 32 strings", value, value)
	}
	for i, item := range items {
		if !reflect.DeepEqual(item, echoTexts[i]) {
			return fmt.Errorf("echo_texts returned %v at %d, not %q", item, i, echoTexts[i])
		}
	}
	return nil
}

// measure runs f.calls calls spread over callers goroutines, one warm-up round and then repetitions rounds:
// calls/s over the round's wall time, and the mean time one call takes as its caller sees it.
func measure(f function, callers, repetitions int) (map[string]interface{}, error) {
	var perSecond, micros []float64
	for round := 0; round <= repetitions; round++ {
		rate, latency, err := oneRound(f, callers)
		if err != nil {
			return nil, err
		}
		if round > 0 {
			perSecond = append(perSecond, rate)
			micros = append(micros, latency)
		}
	}
	return map[string]interface{}{
		"callers":             callers,
		"calls_per_round":     f.calls,
		"calls_per_s_median":  median(perSecond),
		"us_per_call_median":  median(micros),
		"calls_per_s_rounds":  perSecond,
		"us_per_call_rounds":  micros,
		"us_per_call_meaning": "mean wall time of one call as its caller sees it",
		"calls_per_s_meaning": "calls completed by all callers together per second of the round",
	}, nil
}

func oneRound(f function, callers int) (float64, float64, error) {
	each := f.calls / callers
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	busy := make([]time.Duration, callers)
	started := time.Now()
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			begin := time.Now()
			for i := 0; i < each; i++ {
				if err := f.call(); err != nil {
					errs <- err
					return
				}
			}
			busy[c] = time.Since(begin)
		}(c)
	}
	wg.Wait()
	wall := time.Since(started)
	close(errs)
	if err := <-errs; err != nil {
		return 0, 0, err
	}
	var total time.Duration
	for _, b := range busy {
		total += b
	}
	calls := each * callers
	return float64(calls) / wall.Seconds(), float64(total.Microseconds()) / float64(calls), nil
}

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	return sorted[len(sorted)/2]
}

func die(err error) {
	fmt.Fprintf(os.Stderr, "metacall-bridge: error: %v\n", err)
	os.Exit(1)
}
