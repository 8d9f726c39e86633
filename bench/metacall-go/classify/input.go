package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// readTexts takes the first limit values of column with encoding/csv, as the seed; every problem names the file
// and the row. The same checks as bench/python/bench_common.read_texts.
func readTexts(path, column string, limit int) ([]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, badInputf("input CSV: %v", err)
	}
	defer file.Close()
	reader := csv.NewReader(file)
	header, err := reader.Read()
	if errors.Is(err, io.EOF) {
		return nil, badInputf("%s: the file is empty (no header row)", path)
	}
	if err != nil {
		return nil, badInputf("%s: header row: %v", path, err)
	}
	index := -1
	for i, name := range header {
		if name == column {
			index = i
			break
		}
	}
	if index < 0 {
		return nil, badInputf("%s: no '%s' column in the header %q", path, column, header)
	}
	texts := make([]string, 0, limit)
	for len(texts) < limit {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		row := len(texts) + 1
		if err != nil {
			return nil, badInputf("%s: data row %d: %v", path, row, err)
		}
		if strings.TrimSpace(record[index]) == "" {
			return nil, badInputf("%s: data row %d: '%s' is empty", path, row, column)
		}
		texts = append(texts, record[index])
	}
	if len(texts) == 0 {
		return nil, badInputf("%s: no data rows after the header", path)
	}
	if len(texts) < limit {
		return nil, badInputf("%s: --limit %d asks for more rows than the file has (%d data rows)", path, limit, len(texts))
	}
	return texts, nil
}

// checkModel wants the files transformers loads, before MetaCall and torch take seconds to start.
func checkModel(dir string) error {
	hint := fmt.Sprintf("run make model MODEL=%s", filepath.Base(dir))
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return badInputf("model folder not found: %s (%s)", dir, hint)
	}
	for _, alternatives := range [][]string{{"config.json"}, {"tokenizer.json", "vocab.txt"},
		{"model.safetensors", "pytorch_model.bin"}} {
		found := false
		for _, name := range alternatives {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				found = true
			}
		}
		if !found {
			return badInputf("model file not found: %s in %s (%s)", strings.Join(alternatives, " or "), dir, hint)
		}
	}
	return nil
}

// writeResults writes JSON lines {index, label, score} in input order, the format bench compare reads.
func writeResults(path string, labels []string, scores []float64) error {
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	out := bufio.NewWriter(file)
	encoder := json.NewEncoder(out)
	for i := range labels {
		record := struct {
			Index int     `json:"index"`
			Label string  `json:"label"`
			Score float64 `json:"score"`
		}{i, labels[i], scores[i]}
		if err := encoder.Encode(record); err != nil {
			return fmt.Errorf("--output %s: %w", path, err)
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return file.Close()
}
