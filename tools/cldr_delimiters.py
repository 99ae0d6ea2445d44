"""Write generator/languages/cldr_delimiters.json: CLDR's quotation marks for every locale.

Babel ships no CLDR delimiters, so `playbook language add` would not know that Swedish
quotes ”like this”, German „so“ and Ukrainian «так» with „так“ inside. CLDR's JSON does
(npm `cldr-misc-full`, `main/<locale>/delimiters.json`); this tool reads it and writes one
compact file that ships in the package, so neither the network nor Node is needed at run
time. The npm package is pinned with its integrity hash in tools/cldr/package-lock.json.

Refresh (after changing the pinned version in tools/cldr/package.json and its lock):

    make cldr-delimiters

The file maps a locale (CLDR's spelling, `sr-Latn`) to its four marks: quotation start and
end, alternate (inner) quotation start and end. A locale whose marks are those of the locale
its code shortens to (`de-AT` → `de`) is left out: `generator.languages.cldr_quotes` looks a
code up by shortening it the same way, down to `und` (CLDR's root).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tools" / "cldr" / "node_modules" / "cldr-misc-full"
OUT = ROOT / "generator" / "languages" / "cldr_delimiters.json"
KEYS = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def read(package: Path) -> dict[str, list[str]]:
    """Every locale's four marks, as CLDR's resolved JSON gives them."""
    found = {}
    for path in sorted((package / "main").glob("*/delimiters.json")):
        locale = path.parent.name
        data = json.loads(path.read_text(encoding="utf-8"))["main"][locale]["delimiters"]
        found[locale] = [data[key] for key in KEYS]
    return found


def compact(every: dict[str, list[str]]) -> dict[str, list[str]]:
    """Leave out a locale whose marks equal those of its nearest shorter code (or of `und`)."""
    kept = {}
    for locale, marks in sorted(every.items()):
        parts = locale.split("-")
        parent = next(("-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1) if "-".join(parts[:n]) in every),
                      "und" if locale != "und" else None)
        if parent is None or every.get(parent) != marks:
            kept[locale] = marks
    return kept


def document(package: Path) -> dict:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    return {
        "source": f"CLDR {meta['version']} (npm {meta['name']}@{meta['version']}, main/<locale>/delimiters.json), "
                  "written by tools/cldr_delimiters.py: do not edit",
        "cldr_version": meta["version"],
        "license": "Unicode License v3 (Unicode-3.0), Copyright © 2004-2026 Unicode, Inc.: "
                   "https://www.unicode.org/license.txt",
        "order": list(KEYS),
        "fallback": "a code is looked up by shortening it (sr-Latn-BA, sr-Latn, sr), then und",
        "delimiters": compact(read(package)),
    }


def dumps(doc: dict) -> str:
    """One locale a line: small, and a diff shows which locales changed."""
    head = {k: v for k, v in doc.items() if k != "delimiters"}
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "delimiters": {']
    items = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in doc["delimiters"].items()]
    return "\n".join(lines) + "\n" + ",\n".join(items) + "\n }\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--package", type=Path, default=PACKAGE, help="the installed cldr-misc-full")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file differs from what it would be")
    args = parser.parse_args(argv)
    if not (args.package / "main").is_dir():
        print(f"{args.package}: not installed; run `make cldr-delimiters`", file=sys.stderr)
        return 2
    text = dumps(document(args.package))
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: " + ("up to date" if same else "differs from CLDR's data: run `make cldr-delimiters`"))
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(json.loads(text)['delimiters'])} locales)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
