package main

import (
	"fmt"
	"sync"

	metacall "github.com/metacall/core/source/ports/go_port/source"
)

// A batch remembers where its texts start, so results land in input order although batches finish out of order
// (the seed numbered results by the order batches started, which is not the order they were cut in).
type batch struct {
	start int
	texts []string
}

type batchResult struct {
	start  int
	count  int
	labels []string
	scores []float64
	err    error
}

// classifyAll is the seed's batch processor: batches of batchSize on a channel (buffered to twice the workers, as
// the seed), workers goroutines each calling process_batch for the batches they take.
func classifyAll(texts []string, batchSize, workers int) ([]string, []float64, error) {
	batches := make(chan batch, 2*workers)
	results := make(chan batchResult, 2*workers)
	var running sync.WaitGroup
	for w := 0; w < workers; w++ {
		running.Add(1)
		go func() {
			defer running.Done()
			for b := range batches {
				labels, scores, err := classify(b.texts)
				results <- batchResult{b.start, len(b.texts), labels, scores, err}
			}
		}()
	}
	go func() {
		for start := 0; start < len(texts); start += batchSize {
			batches <- batch{start, texts[start:min(start+batchSize, len(texts))]}
		}
		close(batches)
	}()
	go func() {
		running.Wait()
		close(results)
	}()

	labels := make([]string, len(texts))
	scores := make([]float64, len(texts))
	var failures []error
	for r := range results {
		if r.err != nil {
			failures = append(failures, fmt.Errorf("rows %d-%d: %w", r.start+1, r.start+r.count, r.err))
			continue
		}
		copy(labels[r.start:], r.labels)
		copy(scores[r.start:], r.scores)
	}
	if len(failures) > 0 {
		return nil, nil, fmt.Errorf("%d batch(es) failed, the first: %w", len(failures), failures[0])
	}
	return labels, scores, nil
}

// classify is one metacall.Call("process_batch", texts): the pipeline's [{label, score}, ...].
func classify(texts []string) ([]string, []float64, error) {
	value, err := metacall.Call("process_batch", texts)
	if err != nil {
		return nil, nil, fmt.Errorf("metacall.Call(process_batch): %w", err)
	}
	items, ok := value.([]interface{})
	if !ok {
		// The Go port converts a Python exception to nil; ml_processor.py printed its traceback on stderr.
		return nil, nil, fmt.Errorf("process_batch returned %T, not a list: a Python exception, whose traceback is above on stderr", value)
	}
	if len(items) != len(texts) {
		return nil, nil, fmt.Errorf("process_batch returned %d results for %d texts", len(items), len(texts))
	}
	labels := make([]string, len(items))
	scores := make([]float64, len(items))
	for i, item := range items {
		fields, ok := item.(map[string]interface{})
		label, labelOk := fields["label"].(string)
		score, scoreOk := fields["score"].(float64)
		if !ok || !labelOk || !scoreOk {
			return nil, nil, fmt.Errorf("process_batch result %d is %v, not {label: str, score: float}", i, item)
		}
		labels[i], scores[i] = label, score
	}
	return labels, scores, nil
}

// callMap calls a Python function that returns a dict.
func callMap(function string, args ...interface{}) (map[string]interface{}, error) {
	value, err := metacall.Call(function, args...)
	if err != nil {
		return nil, fmt.Errorf("metacall.Call(%s): %w", function, err)
	}
	fields, ok := value.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s returned %T, not a dict (a Python exception? see stderr)", function, value)
	}
	return fields, nil
}
