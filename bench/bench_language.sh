#!/usr/bin/env bash
# First frame in Simplified Chinese against English (issue 14: within 5%): the real terminal
# measure of ../shared/tools/first-frame, each language as a ratio to a bare Textual app in the
# same run, the two languages alternating ROUNDS times (default 2) with RUNS runs each (15).
#   bash bench/bench_language.sh [ROUNDS] [RUNS]
# Prints each median line; compare the "median ratio" of en and zh-CN (docs/benchmarks.md).
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-2}; runs=${2:-15}
tool=${FIRST_FRAME:-../shared/tools/first-frame}
[ -x "$tool" ] || tool=/work/shared/tools/first-frame
export LANG=C.UTF-8 PYTHON=${PYTHON:-.venv/bin/python}  # tmux reads the Chinese as UTF-8
for round in $(seq 1 "$rounds"); do
  printf 'round %s en    ' "$round"
  "$tool" -n "$runs" replication -- env LANG=en_US.UTF-8 .venv/bin/srrtui --demo | tail -1
  printf 'round %s zh-CN ' "$round"
  "$tool" -n "$runs" 同区域复制 -- env LANG=zh_CN.UTF-8 .venv/bin/srrtui --demo | tail -1
done
