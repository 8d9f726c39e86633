#!/bin/bash
# The launch of the "nojit" variants in levers-round6-no-jvmci*-20261207.json (docs/memory.md, "Sixth round"):
# bin/jvm-args.sh's classify flags of commit 095bb72 without -XX:+EnableJVMCI and the Graal compiler's module path,
# with an AOT cache recorded from one classify (POLYBRIDGE_JAVA_OPTS="-XX:NativeMemoryTracking=off
# -XX:AOTCacheOutput=/tmp/nojit.aot" ... classify --limit 200 --model models/sst2-minilm-distilbert-v2). It is what
# bin/polybridge classify runs now.
cd /work/main
export POLYBRIDGE_HOME=/work/main
exec target/runtime/bin/java -XX:+UnlockExperimentalVMOptions     -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:NativeMemoryTracking=summary -XX:TrimNativeHeapInterval=5000 -XX:+UseSerialGC -Xmn32m -Dpolybridge.python-bytecode=/work/main/target/python-bytecode  -XX:AOTCache=/tmp/nojit.aot -jar target/quarkus-app/quarkus-run.jar "$@"
