"""Score `briefings generate` on the large development corpus (issue 16).

    ./dev eval [--dated] [-v] [--json FILE] [any other score_corpus.py option]
    .venv/bin/python -m benchmarks.eval_corpus [same options]

Runs `../shared/tools/score_corpus.py` (relative to the project root) on
`../shared/corpus/dev-large` with this venv's `briefings` first on PATH, passes the
arguments through and prints its report; the exit status is the script's (0 only when
every bar holds). When the corpus folder or the script is absent it says so and exits 0:
the corpus is read at evaluation time only and is never copied into the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCRIPT = SHARED / "tools" / "score_corpus.py"
CORPUS = SHARED / "corpus" / "dev-large"


def names_data(args: list[str]) -> bool:
    """Whether the arguments name another corpus folder (--data)."""
    return any(a == "--data" or a.startswith("--data=") for a in args)


def command(args: list[str]) -> list[str]:
    """The score_corpus.py command line: the corpus folder unless --data is given."""
    data = [] if names_data(args) else ["--data", str(CORPUS)]
    return [sys.executable, str(SCRIPT), *data, *args]


def environment() -> dict[str, str]:
    """This interpreter's bin folder (the venv's `briefings`) first on PATH."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args) and SCRIPT.is_file():
        return subprocess.call([sys.executable, str(SCRIPT), "--help"])
    if not SCRIPT.is_file():
        print(f"eval: skipped, the scoring script {SCRIPT} is absent")
        return 0
    present = (CORPUS / "corpus_clusters").is_dir() and (CORPUS / "ner").is_dir()
    if not names_data(args) and not present:
        print(f"eval: skipped, the large development corpus {CORPUS} is absent")
        return 0
    return subprocess.call(command(args), cwd=ROOT, env=environment())


if __name__ == "__main__":
    sys.exit(main())
