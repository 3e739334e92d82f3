#!/usr/bin/env bash
# The action's first step: a Python 3.11 or later to build smaudit's venv with, as
# `path=...` in GITHUB_OUTPUT; none found leaves it empty, and action.yml's next step installs
# one with actions/setup-python (update-environment: false, so the job's own Python and PATH
# stay as they were). A `python` input that is not such a Python is an error, not a fallback:
# the workflow asked for that interpreter.
set -euo pipefail

suitable() {
  command -v "$1" >/dev/null 2>&1 &&
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

if [ -n "${INPUT_PYTHON:-}" ]; then
  if ! suitable "$INPUT_PYTHON"; then
    echo "::error title=smaudit::the python input is not a Python 3.11 or later"
    exit 2
  fi
  candidates=("$INPUT_PYTHON")
else
  candidates=(python3 python)
fi

for candidate in "${candidates[@]}"; do
  if suitable "$candidate"; then
    # the interpreter itself, not a shim or symlink that a later step could change
    found="$("$candidate" -c 'import sys; print(sys.executable)')"
    echo "smaudit runs on $("$found" --version) ($found)"
    printf 'path=%s\n' "$found" >>"$GITHUB_OUTPUT"
    exit 0
  fi
done
echo "No Python 3.11 or later on this runner: actions/setup-python installs one for smaudit."
printf 'path=\n' >>"$GITHUB_OUTPUT"
