#!/usr/bin/env bash
# Runs the celery-api benchmarks: builds the modules they need, then runs BenchMain, which
# starts its own redis-server on a free port. See benchmarks/README.md.
#
# Usage: benchmarks/run.sh [full|quick] [-Dbench.option=value ...]
#   full   (default) the counts of the README: 5,000 sync calls, 100,000 tasks, ...
#   quick  a tenth of every count
# The markdown table goes to stdout, the JSON to benchmarks/results/latest.json
# (-Dbench.out=/abs/path.json to change it).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
case "${1:-full}" in
  full) shift || true ;;
  quick) scale=0.1; shift ;;
  -D*) ;;
  *) echo "usage: $0 [full|quick] [-Dbench.option=value ...]" >&2; exit 2 ;;
esac

mvn -q -B -pl benchmarks -am install -DskipTests
exec mvn -q -B -pl benchmarks exec:exec -Dbench.scale="$scale" "$@"
