#!/usr/bin/env bash
# Prints the path of a Python that Rasa 3.6 runs on (3.10, else 3.9 or 3.8): pyenv's first, then PATH.
set -u
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for minor in 10 9 8; do
    for python in "$root"/versions/3."$minor".*/bin/python3."$minor"; do
      [ -x "$python" ] && candidates+=("$python")
    done
  done
fi
for minor in 10 9 8; do
  found=$(command -v "python3.$minor" 2>/dev/null) && candidates+=("$found")
done
for python in "${candidates[@]}"; do
  # A pyenv shim exists on PATH even where its version is not selected; only a Python that runs counts.
  if "$python" -c 'import sys, venv; sys.exit(not ((3, 8) <= sys.version_info[:2] <= (3, 10)))' 2>/dev/null; then
    echo "$python"
    exit 0
  fi
done
echo "No Python 3.8-3.10 found (Rasa 3.6 runs on nothing newer). Install one, e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv', then run make again." >&2
exit 1
