module dev.polybridge/bench/metacall-go

go 1.19

require github.com/metacall/core/source/ports/go_port/source v0.0.0

// MetaCall's Go port from the vendored source that `make metacall` unpacks (no module proxy holds it here).
replace github.com/metacall/core/source/ports/go_port/source => ../../build/metacall/src/metacall-core-0.9.22/source/ports/go_port/source
