// Package metacallenv starts MetaCall as this project builds it (make metacall) and keeps standard output for a
// program's one JSON line.
package metacallenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	metacall "github.com/metacall/core/source/ports/go_port/source"
)

// Set at link time by bench/metacall-go/build.sh (-ldflags -X).
var (
	// Install is MetaCall's install folder (build/metacall/install).
	Install = ""
	// VenvPython is the venv's python, whose CPython MetaCall embeds.
	VenvPython = ""
	// Root is the checkout the program was built from, where the Python modules are.
	Root = ""
)

// KeepStdout moves the real standard output to a new descriptor, returned, and points descriptor 1 at standard
// error: MetaCall's logger and the embedded Python's print write to descriptor 1.
func KeepStdout() (*os.File, error) {
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

// Start sets the environment MetaCall and the embedded CPython read once at start (with extra, for the Python
// module), then starts MetaCall: its Go port's one goroutine, locked to one OS thread, that every Call goes to.
func Start(extra map[string]string) error {
	if Install == "" {
		return errors.New("built without the MetaCall install folder: build with make metacall")
	}
	settings := map[string]string{
		"LOADER_LIBRARY_PATH": filepath.Join(Install, "lib"),
		"SERIAL_LIBRARY_PATH": filepath.Join(Install, "lib"),
		"DETOUR_LIBRARY_PATH": filepath.Join(Install, "lib"),
		"CONFIGURATION_PATH":  filepath.Join(Install, "configurations/global.json"),
	}
	// Embedded CPython takes its prefix from "python3" on PATH: the venv's, hence its site-packages.
	if VenvPython != "" {
		settings["PATH"] = filepath.Dir(VenvPython) + ":" + os.Getenv("PATH")
	}
	for key, value := range extra {
		settings[key] = value
	}
	for key, value := range settings {
		if err := os.Setenv(key, value); err != nil {
			return fmt.Errorf("setting %s: %w", key, err)
		}
	}
	if err := metacall.Initialize(); err != nil {
		return fmt.Errorf("starting MetaCall: %w", err)
	}
	return nil
}

// Load imports a Python file into MetaCall's CPython.
func Load(script string) error {
	if _, err := os.Stat(script); err != nil {
		return fmt.Errorf("the Python module %q is not there: %w", script, err)
	}
	if err := metacall.LoadFromFile("py", []string{script}); err != nil {
		return fmt.Errorf("loading %s into MetaCall's Python (the traceback is above on stderr): %w", script, err)
	}
	return nil
}
