"""The corpus of bad inputs (tests/load/test_bad_inputs.py runs it; tests/messages checks its
messages in every language): each case is one mistake an editor can make, and what it must say."""

from __future__ import annotations

from dataclasses import dataclass

from helpers import ROOT

from generator.load.yamlfile import MAX_FILE_BYTES

PB = "is-customer-right.yaml"
REAL = (ROOT / "playbook" / "playbooks" / PB).read_text(encoding="utf-8")


@dataclass
class Case:
    name: str
    expect: str  # a fragment of the message
    replace: tuple[str, str] | None = None  # (old, new) in is-customer-right.yaml
    file: str = PB  # which file the problem is reported in
    raw: bytes | None = None  # whole content of an extra playbook file named `file`
    settings: tuple[str, str] | None = None
    line: int | None = None  # expected line, where it is fixed by the case


def bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        p, c = chr(96 + i), chr(97 + i)
        lines.append(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES = [
    # --- YAML syntax and encoding
    Case("unclosed-quote", 'the quote " opened on this line is never closed',
         ("  en: Is the customer right?", '  en: "Is the customer right?'), line=4),
    Case("unclosed-single-quote", "the quote ' opened on this line is never closed",
         ("  en: Is the customer right?", "  en: 'Is the customer right?"), line=4),
    Case("bad-indentation", "this line is indented further than the line above it",
         ("  fi: Onko asiakas oikeassa?", "   fi: Onko asiakas oikeassa?"), line=5),
    Case("less-indentation", "this line is indented less far than the line above it",
         ("  fi: Onko asiakas oikeassa?", " fi: Onko asiakas oikeassa?"), line=5),
    Case("colon-in-value", "contains `: ` (a colon and a space)", ("  en: Is the customer right?", "  en: Rule: is the customer right?"), line=4),
    Case("curly-quotes", "starts with “ (a typographic opening quote)",
         ("  en: Is the customer right?", "  en: “Rule 1: is the customer right?”"), line=4),
    Case("guillemets", "starts with « (a guillemet)", ("  ru: Прав ли клиент?", "  ru: «Правило: прав ли клиент?»"), line=6),
    Case("curly-quotes-without-colon", "starts with the typographic quote “",
         ("  en: Is the customer right?", "  en: “Is the customer right?”"), line=4),
    Case("unclosed-flow-list", "YAML syntax error", ("channels: [in_person, phone, email, chat]", "channels: [in_person, phone")),
    Case("tab-indent", "a tab is used for indentation", ("  fi: Onko asiakas oikeassa?", "\tfi: Onko asiakas oikeassa?"), line=5),
    Case("bom", "byte-order mark", file="bom.yaml", raw=b"\xef\xbb\xbf" + REAL.encode()),
    Case("latin-1", "not valid UTF-8", file="latin.yaml", raw="id: latin\ntitle:\n  fi: Hyvä\n".encode("latin-1"), line=3),
    Case("empty", "the file is empty", file="empty.yaml", raw=b""),
    Case("only-comments", "the file is empty", file="comments.yaml", raw=b"# nothing here yet\n# still nothing\n"),
    Case("a-list", "must be a mapping", file="a-list.yaml", raw=b"- id: a\n- id: b\n"),
    Case("a-string", "must be a mapping", file="a-string.yaml", raw=b"just some words\n"),
    Case("duplicate-key-top", "duplicate key `summary`", ("\nwhen_to_use:", "\nsummary:\n  en: again\nwhen_to_use:")),
    Case("duplicate-key-nested", "duplicate key `en`", ("  fi: Onko asiakas oikeassa?", "  en: Again\n  fi: Onko asiakas oikeassa?"), line=5),
    Case("alias-bomb", "too large or too deeply nested", file="bomb.yaml", raw=bomb()),
    Case("huge-file", "the limit is", file="huge.yaml", raw=b"id: huge\n" + b"# x\n" * (MAX_FILE_BYTES // 4 + 10)),
    Case("too-deep", "too large or too deeply nested", file="deep.yaml", raw=("x: " + "[" * 60 + "]" * 60 + "\n").encode()),
    Case("control-character", "invisible control character (U+0007)", ("  en: Is the customer right?", "  en: Is the customer\x07 right?")),
    # --- schema: keys and types
    Case("unknown-key-typo", "unknown key `stpes`", ("\nsteps:\n", "\nstpes:\n")),
    Case("unknown-key-in-step", "unknown key `bodyy`", ("    body:\n      en: >-\n        Let the customer", "    bodyy:\n      en: >-\n        Let the customer")),
    Case("misspelt-title", "unknown key `titel`: did you mean `title`? (`title` is required here)", ("\ntitle:\n", "\ntitel:\n")),
    Case("missing-title", "required key `title` is missing", ("\ntitle:\n", "\nheading:\n")),
    # without the playbook's article, a part citing a section must be company policy instead
    Case("missing-source", "this playbook names no source article, so this part must be company policy",
         ("\nsource:\n  article: 002", "\norigin:\n  article: 002")),
    Case("id-line-deleted", "required key `id` is missing", ("id: is-customer-right\n", ""), line=2),
    Case("title-is-text", "expected a mapping", ("title:\n  en: Is the customer right?\n  fi: Onko asiakas oikeassa?\n"
                                                   "  ru: Прав ли клиент?\n  ar: هل العميل على حق؟\n"
                                                   '  src: {fi: "28125b0a", ru: "28125b0a", ar: "28125b0a"}\n',
                                                   "title: Is the customer right?\n")),
    Case("steps-is-mapping", "expected a list", ("\nsteps:\n  - id: listen", "\nsteps: {}\nold_steps:\n  - id: listen")),
    Case("bad-date", "expected a date", ("review_by: 2027-06-30", "review_by: next spring")),
    Case("date-for-text", "expected text, got a date", ("  en: Is the customer right?", "  en: 2026-01-01"), line=4),
    Case("impossible-date", "`2027-13-30` is not a date in the calendar", ("review_by: 2027-06-30", "review_by: 2027-13-30")),
    Case("bad-channel", "`fax` is not allowed", ("channels: [in_person, phone, email, chat]", "channels: [in_person, fax]")),
    Case("number-for-text", "expected text, got a number", ("  en: Is the customer right?", "  en: 42")),
    Case("bool-for-text", "expected text, got true/false", ("  en: Is the customer right?", "  en: yes")),
    Case("empty-steps", "this list is empty", ("\nsteps:\n  - id: listen", "\nsteps: []\nx_steps:\n  - id: listen")),
    Case("required-not-bool", "expected true or false", ("        required: true", '        required: "sure"')),
    Case("bad-kind", "is not allowed", ("        kind: escalated", "        kind: maybe")),
    # --- ids that are not safe as file names or URLs
    Case("id-path", "not safe as a file name", ("  - id: listen", '  - id: "../x"')),
    Case("id-space", "contains spaces", ("  - id: listen", '  - id: "two words"')),
    Case("id-uppercase", "contains uppercase", ("  - id: listen", "  - id: Listen")),
    Case("id-non-ascii", "non-ASCII", ("  - id: listen", "  - id: kuuntele-ää")),
    Case("id-rtl-override", "invisible characters", ("  - id: listen", '  - id: "lis\u202eten"')),
    Case("id-zero-width", "invisible characters", ("  - id: listen", '  - id: "lis\u200bten"')),
    Case("duplicate-playbook-id", "is already used by", file="zz-copy.yaml", raw=REAL.encode()),
    Case("file-name-not-id", "differs from the file name", file="other-name.yaml",
         raw=REAL.replace("id: is-customer-right", "id: another-id", 1).encode()),
    # --- decision trees
    Case("missing-node", "`next: justifed` names no node", ("next: justified", "next: justifed")),
    Case("unreachable-node", "cannot be reached from `what-kind`", ("            next: can-do\n", "            next: justified\n")),
    Case("cycle", "makes a cycle", ("            next: why-not\n", "            next: what-kind\n")),
    Case("question-without-answers", "this question has no answers",
         ("      why-not:\n        question:", "      stuck:\n        question: {en: \"Hm?\", fi: \"Hm?\", ru: \"Хм?\", ar: \"هم؟\"}\n      why-not:\n        question:")),
    Case("missing-start", "`start: wat-kind` names no node", ("    start: what-kind", "    start: wat-kind")),
    Case("link-to-missing-playbook", "`playbook: angry-custmer` names no playbook", ("        playbook: angry-customer", "        playbook: angry-custmer")),
    Case("outcome-without-kind", "this outcome has no `kind:`", ("        kind: declined\n        script: decline-illegal", "        script: decline-illegal")),
    Case("question-and-outcome", "either `question:`", ("      justified:\n        kind: resolved\n", "      justified:\n        question: {en: \"A?\", fi: \"A?\", ru: \"А?\", ar: \"أ؟\"}\n        kind: resolved\n")),
    # --- text
    Case("undefined-placeholder", "placeholder `{manager}` is not defined", ("Describe the case to {supervisor}", "Describe the case to {manager}")),
    Case("unused-placeholder", "declared but never used", ("    placeholders:\n      - name: reply_by", "    placeholders:\n"
         "      - name: order_no\n        label: {en: Order, fi: Tilaus, ru: Заказ, ar: الطلب}\n      - name: reply_by")),
    Case("placeholder-dropped-in-translation", "the English text leaves out `{reply_by}`", ("{reply_by}.\n      fi:", "soon.\n      fi:")),
    Case("unclosed-flow-mapping", "YAML syntax error", ("channels: [in_person, phone, email, chat]", "channels: {in_person: yes, phone")),
    Case("whitespace-only", "empty or only whitespace", ("  fi: Onko asiakas oikeassa?", '  fi: "  \\t "')),
    Case("missing-language", "the Arabic translation is missing", ("  ar: هل العميل على حق؟\n", "")),
    Case("javascript-link", "link scheme `javascript:` is not allowed", ("  en: Is the customer right?", "  en: Is the [customer](javascript:alert(1)) right?")),
    Case("data-link", "link scheme `data:` is not allowed", ("  en: Is the customer right?", "  en: Is the [customer](data:text/html,x) right?")),
    Case("unknown-section", "has no section `2. Ищите компромис`", ('section: "2. Ищите компромисс"', 'section: "2. Ищите компромис"')),
    Case("unknown-article", "is not listed in sources.yaml", ("  article: 002_9fad388ceb9e95d7.txt", "  article: 009_nothing.txt")),
    # --- settings
    Case("settings-bad-currency", "`euro` is not a currency code", file="settings.yaml", settings=("currency: EUR", "currency: euro")),
    Case("settings-negative-limit", "too small", file="settings.yaml", settings=("concede_limit: 50", "concede_limit: -5")),
]
