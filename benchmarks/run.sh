#!/bin/sh
# Builds the benchmarks and runs them: ./benchmarks/run.sh [--smoke|--medium|--full] [--jvm-flags "-Xmx128m ..."]
#   [--only BARE_COMETD,EMP_STYLE,...] [--sizes N,...] [--runs R] [--warmup W]
# The driver hosts the emulator (it keeps every event, hence its large heap); each client runs in its own JVM
# with the consumer flags (default -Xmx128m). The build also makes the EMP-style peer's class path
# (benchmarks/target/emp-peer: CometD 4, Jetty 9.4), which its JVM is started with. Results:
# benchmarks/target/results.json and results.md (the previous JSON is kept as results-previous.json and compared with).
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -Xmx8g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    io.sfstream.benchmarks.Benchmarks --out benchmarks/target/results.json "$@"
