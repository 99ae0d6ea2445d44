"""Quotation marks from CLDR: tools/cldr_delimiters.py extracts CLDR's delimiters (npm
cldr-misc-full, pinned in tools/cldr/package-lock.json) into
generator/languages/cldr_delimiters.json, and `playbook language add` writes them into a new
pack. The expected marks below were read from the npm package's
main/<locale>/delimiters.json files (CLDR 48.2.0), not from the generator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from helpers import ROOT

from generator import languages
from generator.cli.language import pack_text

# main/<locale>/delimiters.json: quotationStart, quotationEnd, alternateQuotationStart, alternateQuotationEnd
CLDR_48 = {
    "sv": ("”", "”", "’", "’"),
    "de": ("„", "“", "‚", "‘"),
    "fa": ("«", "»", "‹", "›"),
    "uk": ("«", "»", "„", "“"),
    "ja": ("「", "」", "『", "』"),
    "en": ("“", "”", "‘", "’"),
    "fi": ("”", "”", "’", "’"),
    "ru": ("«", "»", "„", "“"),
    "ar": ("”", "“", "’", "‘"),
}
PACKAGE = ROOT / "tools" / "cldr" / "node_modules" / "cldr-misc-full"


@pytest.mark.parametrize("code", ["sv", "de", "fa", "uk", "ja"])
def test_language_add_writes_cldrs_quotation_marks(code):
    """What `playbook language add CODE` writes into the new pack's language.yaml."""
    text, _ui = pack_text(code, {"site_name": "Customer service playbooks"})
    typography = yaml.safe_load(text)["typography"]
    start, end, inner_start, inner_end = CLDR_48[code]
    assert typography["quotes"] == [start, end]
    assert typography["inner_quotes"] == [inner_start, inner_end]


@pytest.mark.parametrize("code, upright", [("fa", True), ("ja", True), ("ur", True), ("he", True), ("zh", True),
                                           ("sv", False), ("uk", False), ("de", False), ("el", False)])
def test_a_script_with_no_italic_gets_upright_emphasis(code, upright):
    typography = yaml.safe_load(pack_text(code, {})[0])["typography"]
    assert (typography.get("emphasis") == "upright") is upright


def test_a_regional_code_falls_back_as_cldr_inherits():
    assert languages.cldr_quotes("de-AT") == (("„", "“"), ("‚", "‘"))  # de-AT is de's
    assert languages.cldr_quotes("de-CH") == (("„", "“"), ("‚", "‘"))  # CLDR 48: same as de
    assert languages.cldr_quotes("sr-Latn-BA")[0] == ("„", "”")  # sr-Latn's
    assert languages.cldr_quotes("pt-PT") == (("«", "»"), ("“", "”"))  # its own, not pt's
    assert languages.cldr_quotes("pt-BR") == languages.cldr_quotes("pt") == (("“", "”"), ("‘", "’"))
    assert languages.cldr_quotes("zz") == (("“", "”"), ("‘", "’"))  # CLDR's root


def test_the_first_four_packs_against_cldr():
    """en, fi, ru quote as CLDR says; Arabic deliberately uses «…» with “…” inside (its pack says why)."""
    for code in ("en", "fi", "ru", "ar"):
        typography = languages.pack(code)["typography"]
        ours = (*typography["quotes"], *typography["inner_quotes"])
        assert (ours == CLDR_48[code]) is (code != "ar"), code
        assert languages.cldr_quotes(code) == (CLDR_48[code][:2], CLDR_48[code][2:])
    assert languages.pack("ar")["typography"]["quotes"] == ["«", "»"]


def test_the_shipped_file_names_its_source_version_and_licence():
    data = json.loads((ROOT / "generator" / "languages" / "cldr_delimiters.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "tools" / "cldr" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/cldr-misc-full"]
    assert pinned["version"] == data["cldr_version"] == "48.2.0"
    assert pinned["integrity"].startswith("sha512-") and "Unicode" in data["license"]
    assert data["order"] == ["quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd"]
    assert languages.cldr_version() == "48.2.0"


def test_the_shipped_file_is_what_the_tool_makes_of_the_pinned_package():
    """Installed by `make test` (npm ci --ignore-scripts, the lock's integrity hash checked):
    the tool's output equals the committed file, and every locale of CLDR resolves to its
    own marks through the compact file's fallback."""
    assert (PACKAGE / "main").is_dir(), "run `make tools/cldr/node_modules/.package-lock.json`"
    done = subprocess.run([sys.executable, "-m", "tools.cldr_delimiters", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    keys = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")
    wrong = []
    for path in sorted((PACKAGE / "main").glob("*/delimiters.json")):
        locale = path.parent.name
        marks = json.loads(path.read_text(encoding="utf-8"))["main"][locale]["delimiters"]
        expected = tuple(marks[k] for k in keys)
        got = languages.cldr_quotes(locale)
        if (*got[0], *got[1]) != expected:
            wrong.append(locale)
    assert len(list((PACKAGE / "main").glob("*/delimiters.json"))) > 700 and wrong == []
    for code, marks in CLDR_48.items():  # the values above, read again from the npm files
        data = json.loads((PACKAGE / "main" / code / "delimiters.json").read_text(encoding="utf-8"))
        assert tuple(data["main"][code]["delimiters"][k] for k in keys) == marks


def test_the_tool_leaves_out_what_a_shorter_code_gives(tmp_path):
    from tools.cldr_delimiters import dumps, document

    package = tmp_path / "cldr-misc-full"
    for locale, marks in {"und": "“”‘’", "de": "„“‚‘", "de-AT": "„“‚‘", "de-CH": "«»‹›", "xx": "“”‘’"}.items():
        (package / "main" / locale).mkdir(parents=True)
        (package / "main" / locale / "delimiters.json").write_text(json.dumps({"main": {locale: {"delimiters": dict(zip(
            ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd"), marks))}}}))
    (package / "package.json").write_text(json.dumps({"name": "cldr-misc-full", "version": "0.0.1"}))
    doc = json.loads(dumps(document(package)))
    assert doc["delimiters"] == {"und": list("“”‘’"), "de": list("„“‚‘"), "de-CH": list("«»‹›")}
    assert doc["cldr_version"] == "0.0.1"
