"""`python -m harvest validate [content]`: check every entry without building the site;
`python -m harvest intake FILE`: a mail or an issue becomes an entry (tools/intake.py)."""

from __future__ import annotations

import argparse
import os
import runpy
import sys

from ..content.guard import Rules
from ..content.loader import validate_tree
from ..content.markup import for_config
from ..report import print_problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["intake"]:
        from .intake import main as intake

        return intake(argv[1:])
    parser = argparse.ArgumentParser(prog="harvest", description="Oogst: de inhoud controleren.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="controleer alle inzendingen, zonder te bouwen")
    check.add_argument("content", nargs="?", default="content", help="de inhoudsmap (standaard: content)")
    check.add_argument("--settings", default="pelicanconf.py",
                       help="de instellingen van de bouw (standaard: pelicanconf.py, als het er is)")
    args = parser.parse_args(argv)
    # The same rules for the tree as the build (allowed files, image caps): read from its settings.
    settings = runpy.run_path(args.settings) if os.path.isfile(args.settings) else {}
    # Bodies rendered as the build renders them (its MARKDOWN merged over ours), within its budget.
    markdown = for_config(settings.get("MARKDOWN") or None)
    entries, problems = validate_tree(args.content, Rules.of(settings), settings, markdown, sources=True)
    if problems:
        print_problems(problems, "los ze op en probeer opnieuw.")
        return 1
    print(f"{len(entries)} inzendingen gecontroleerd: geen problemen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
