#!/usr/bin/env bash
# Refuses a commit that tracks what must stay local: a path .gitignore names (the data folder, the Fabric
# build, tools) or a symbolic link. A worktree's `data` and `.fabric` are links to shared folders; once such a
# link was committed, a clean clone could no longer create .fabric ("Too many levels of symbolic links")
# and checking the commit out replaced a real data folder with the link.
set -euo pipefail
# The checkout to check: this project unless a folder is given (the unit test checks a scratch repository).
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"
# Not a git checkout (an unpacked archive): nothing is tracked, nothing to check.
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 0

status=0
ignored=$(git ls-files --cached --ignored --exclude-standard)
if [ -n "$ignored" ]; then
  printf 'tracked but git-ignored (git rm --cached them):\n%s\n' "$ignored" >&2
  status=1
fi
links=$(git ls-files --stage | awk '$1 == "120000" { print $4 }')
if [ -n "$links" ]; then
  printf 'tracked symbolic links (the project tracks none; git rm --cached them):\n%s\n' "$links" >&2
  status=1
fi
exit $status
