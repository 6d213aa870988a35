"""What the multi-source part finds on the development corpora: outlets named (and from
what), independent reports carried by several sources, and where sources disagree.

    .venv/bin/python -m benchmarks.multisource_eval            # dev and dev-large
    .venv/bin/python -m benchmarks.multisource_eval dev -v     # one corpus, every finding

Reads ../shared/corpus/<name>/ at run time (each event folder's .txt files, copied into a
temporary source folder as `<event>__<file>`), runs `briefings generate` in-process and
reads the pages' front matter back. Skips a corpus that is absent. Prints counts; with
`-v`, every multi-source report and every disagreement with its readings, for a person
to judge.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "dev": ROOT.parent / "shared" / "corpus" / "dev",
    "dev-large": ROOT.parent / "shared" / "corpus" / "dev-large" / "corpus_clusters",
}


def copy_sources(corpus: Path, into: Path) -> int:
    count = 0
    for event in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for path in sorted(event.glob("*.txt")):
            shutil.copy(path, into / f"{event.name}__{path.name}")
            count += 1
    return count


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    data = yaml.safe_load(text.split("---\n", 2)[1])
    return data if isinstance(data, dict) else {}


def evaluate(name: str, corpus: Path, verbose: bool) -> None:
    from generator.config import Settings
    from generator.output.write import write_site
    from generator.pipeline import build

    with tempfile.TemporaryDirectory(prefix="multisource-") as tmp:
        source, out = Path(tmp) / "source_articles", Path(tmp) / "docs"
        source.mkdir()
        count = copy_sources(corpus, source)
        result = build(Settings(source_dir=source, out_dir=out, cache_path=None))
        write_site(result.pages, out)
        found = [front_matter(path) for path in sorted((out / "stories").glob("*.md"))]
        pages = [page for page in found if "sources" in page]
    sources = [s for page in pages for s in page["sources"]]
    basis = Counter(s["outlet_basis"] or "none" for s in sources)
    wires = Counter(f"{s['outlet']}, from {s['wire']}" for s in sources if s["wire"])
    shared = [(p["story"], r) for p in pages for r in p["reports"] if len(r["sources"]) > 1]
    disagreements = [(p["story"], d) for p in pages for d in p["disagreements"]]
    print(f"{name}: {count} articles, {len(pages)} stories")
    print(f"  outlet named: {sum(1 for s in sources if s['outlet'])} of {len(sources)}", end="")
    print(f"  (by {', '.join(f'{k} {v}' for k, v in sorted(basis.items()))})")
    print(f"  wire credits: {dict(sorted(wires.items()))}")
    print(f"  reports carried by several sources: {len(shared)}")
    kinds = dict(Counter(d["kind"] for _, d in disagreements))
    print(f"  disagreements: {len(disagreements)} {kinds}")
    if verbose:
        for story, report in shared:
            print(f"    REPORT {story}: {report['sources']} {report['evidence']}")
        for story, found in disagreements:
            readings = "; ".join(f"{r['source']}: {r['text']}" for r in found["readings"])
            print(f"    {found['kind'].upper()} {story}: {found['quantity']}: {readings}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpora", nargs="*", metavar="CORPUS", help="dev, dev-large (default both)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    for name in args.corpora or list(CORPORA):
        if name not in CORPORA:
            parser.error(f"unknown corpus {name!r}: {', '.join(CORPORA)}")
        corpus = CORPORA[name]
        if not corpus.is_dir():
            print(f"{name}: {corpus} is absent, skipped")
            continue
        evaluate(name, corpus, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
