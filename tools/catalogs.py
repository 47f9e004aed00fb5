# ruff: noqa: INP001
"""Keep the gettext catalogs in src/feedback_core/locale in step with ``messages``.

Usage::

    python tools/catalogs.py           # regenerate the .pot and .po msgids, compile the .mo files
    python tools/catalogs.py --check   # exit 1 if a catalog is incomplete, inconsistent or stale

``TEXTS`` (one entry per message code, commented ``#. code: <code>``) and ``VOCABULARY`` (one
entry per word a message parameter may carry, commented ``#. word: <word>``) are the source of
the msgids; the ``.po`` files are the source of the translations. Regenerating keeps every
translation whose English text did not change. When the English text of a code or word
changes, its old translation is carried over marked ``fuzzy`` (the old English shown as
``#| msgid``) until a translator reviews it and removes the flag; fuzzy and empty entries are
not compiled, so users see English until then. Translations whose English text is gone stay at
the end of the file as obsolete ``#~`` entries. Files are only rewritten when they change.
``--check`` also fails when an entry's ``#.`` comments no longer name its codes and words.
"""

from __future__ import annotations

import argparse
import io
import string
import sys
import tomllib
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import denormalize, read_po, write_po

ROOT: Final = Path(__file__).resolve().parent.parent
SRC: Final = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from feedback_core.messages import DOMAIN, LANGUAGES, TEXTS  # noqa: E402
from feedback_core.vocabulary import VOCABULARY  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

LOCALE_DIR: Final = SRC / "feedback_core" / "locale"
SOURCE_LANGUAGE: Final = "en"  # the msgids are English; every other language must be complete
CODE_PREFIX: Final = "code: "  # the "#." comment naming each entry's stable message code
WORD_PREFIX: Final = "word: "  # the "#." comment naming each vocabulary entry's stable word
PO_WIDTH: Final = 76


class _Catalog(Catalog):
    """A catalog whose header leaves out babel's version, so output does not churn on upgrades."""

    def __iter__(self) -> Iterator[Message]:
        messages = super().__iter__()
        header = next(messages)
        if isinstance(header.string, str):
            lines = header.string.splitlines()
            kept = [line for line in lines if not line.startswith("Generated-By:")]
            header.string = "\n".join(kept) + "\n"
        yield header
        yield from messages


def placeholders(text: str) -> set[str]:
    """Return the ``str.format`` field names in ``text``; raise ValueError on bad braces."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def sources(texts: Mapping[str, str], words: Mapping[str, str]) -> dict[str, list[str]]:
    """Map each msgid to its ``#.`` comments: the codes and words whose English text it is."""
    found: dict[str, list[str]] = {}
    for code, text in texts.items():
        found.setdefault(text, []).append(f"{CODE_PREFIX}{code}")
    for word, display in words.items():
        found.setdefault(display, []).append(f"{WORD_PREFIX}{word}")
    return found


def template_path(locale_dir: Path = LOCALE_DIR) -> Path:
    """Return where the .pot template lives."""
    return locale_dir / f"{DOMAIN}.pot"


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Return where the .po catalog of ``lang`` lives (its .mo sits next to it)."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path) -> Catalog:
    """Parse a .po or .pot file, including the ``#| msgid`` lines babel skips."""
    with path.open("rb") as file:
        catalog = read_po(file, domain=DOMAIN)
    for msgid, previous_id in _previous_ids(path).items():
        if msgid in catalog:
            catalog[msgid].previous_id = [previous_id]
    return catalog


def render_po(catalog: Catalog) -> bytes:
    """Return the .po/.pot text of ``catalog``."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, no_location=True, include_previous=True)
    return buffer.getvalue()


def compile_catalog(catalog: Catalog) -> bytes:
    """Compile ``catalog`` to .mo bytes, leaving out empty and fuzzy entries."""
    stable = _Catalog(domain=catalog.domain, charset=catalog.charset, fuzzy=catalog.fuzzy)
    stable.mime_headers = catalog.mime_headers
    stable.header_comment = catalog.header_comment
    for entry in list(catalog)[1:]:
        stable[entry.id] = entry
    buffer = io.BytesIO()
    write_mo(buffer, stable)
    return buffer.getvalue()


def compile_po(path: Path) -> bytes:
    """Compile the .po file at ``path`` to .mo bytes."""
    return compile_catalog(read_catalog(path))


def merge(
    texts: Mapping[str, str],
    previous: Catalog | None,
    lang: str | None,
    now: datetime,
    words: Mapping[str, str] = VOCABULARY,
) -> Catalog:
    """Build a catalog with one entry per code of ``texts`` and per word of ``words``.

    Translations in ``previous`` are kept. ``lang`` None builds the template. ``now`` becomes
    the creation date (and the revision date of a new translation catalog).
    """
    catalog = _new_catalog(previous, lang, now)
    old_by_id, old_by_source = _index(previous)
    reused: set[str] = set()
    for text, comments in sources(texts, words).items():
        flags = {"python-brace-format"} if placeholders(text) else set()
        old = old_by_id.get(text)
        moved = next((old_by_source[c] for c in comments if c in old_by_source), None)
        if lang is None:
            catalog.add(text, "", flags=flags, auto_comments=comments)
        elif old is not None and _text(old.string):
            previous_id = old.previous_id if old.fuzzy else ()
            flags |= {"fuzzy"} if old.fuzzy else set()
            catalog.add(
                text, old.string, flags=flags, auto_comments=comments, previous_id=previous_id
            )
            reused.add(text)
        elif moved is not None and _text(moved.string):
            catalog.add(
                text,
                moved.string,
                flags=flags | {"fuzzy"},
                auto_comments=comments,
                previous_id=moved.id,
            )
            reused.add(_text(moved.id))
        else:
            catalog.add(text, "", flags=flags, auto_comments=comments)
    if lang is not None:
        for msgid, old in old_by_id.items():
            if msgid not in reused and msgid not in catalog and _text(old.string):
                catalog.obsolete[msgid] = Message(msgid, old.string)
    return catalog


def regenerate(
    texts: Mapping[str, str] = TEXTS,
    languages: Sequence[str] = LANGUAGES,
    locale_dir: Path = LOCALE_DIR,
    now: datetime | None = None,
    *,
    words: Mapping[str, str] = VOCABULARY,
) -> list[Path]:
    """Rewrite the template and .po files from ``texts`` and ``words``, then compile.

    Return the files that changed.
    """
    now = now or datetime.now(tz=UTC).replace(second=0, microsecond=0)
    changed: list[Path] = []
    targets: list[tuple[Path, str | None]] = [(template_path(locale_dir), None)]
    targets += [(po_path(lang, locale_dir), lang) for lang in languages]
    for path, lang in targets:
        previous = read_catalog(path) if path.exists() else None
        # A catalog whose entries did not change keeps its dates: regenerating is idempotent.
        created = previous.creation_date if previous is not None else now
        data = render_po(merge(texts, previous, lang, _as_datetime(created, now), words))
        if path.exists() and data != path.read_bytes():
            data = render_po(merge(texts, previous, lang, now, words))
        if _write_if_changed(path, data):
            changed.append(path)
    for lang in languages:
        path = po_path(lang, locale_dir)
        if _write_if_changed(path.with_suffix(".mo"), compile_po(path)):
            changed.append(path.with_suffix(".mo"))
    return changed


def check(
    texts: Mapping[str, str] = TEXTS,
    languages: Sequence[str] = LANGUAGES,
    locale_dir: Path = LOCALE_DIR,
    *,
    words: Mapping[str, str] = VOCABULARY,
) -> list[str]:
    """List every problem with the shipped catalogs, one line each; empty when all is well."""
    expected = sources(texts, words)
    path = template_path(locale_dir)
    if not path.exists():
        return [f"{_show(path)}: missing; run python tools/catalogs.py"]
    problems = _check_msgids(path, read_catalog(path), expected)
    for lang in languages:
        path = po_path(lang, locale_dir)
        if not path.exists():
            problems.append(f"{_show(path)}: missing; run python tools/catalogs.py")
            continue
        catalog = read_catalog(path)
        problems += _check_msgids(path, catalog, expected)
        problems += _check_header(path, catalog, lang)
        required = lang != SOURCE_LANGUAGE
        problems += _check_translations(path, catalog, expected, required=required)
        problems += _check_compiled(path, catalog)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Regenerate or check the gettext catalogs.")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if a translation is missing, wrong or not compiled",
    )
    args = parser.parse_args(argv)
    if not args.check:
        for path in regenerate():
            print(f"wrote {_show(path)}")
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} catalog problem(s)", file=sys.stderr)
        return 1 if args.check else 0
    print("catalogs are complete and up to date")
    return 0


def _new_catalog(previous: Catalog | None, lang: str | None, now: datetime) -> Catalog:
    if lang is None:
        what, team, revised = "Message template", "", None
    else:
        language = Locale.parse(lang).english_name or lang
        what, team = f"{language} messages", language
        revised = previous.revision_date if previous is not None else now
    with (ROOT / "pyproject.toml").open("rb") as file:
        version = str(tomllib.load(file)["project"]["version"])
    catalog = _Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=(
            f"# {what} for feedback-core (gettext domain {DOMAIN}).\n"
            "# The msgids come from TEXTS and VOCABULARY in feedback_core.messages;\n"
            "# regenerate them with `python tools/catalogs.py` and edit only the\n"
            "# msgstr lines.\n"
            "#"
        ),
        project="feedback-core",
        version=version,
        creation_date=now,
        revision_date=revised,
        last_translator="feedback-core maintainers",
        language_team=team,
        charset="utf-8",
        fuzzy=False,
    )
    catalog.msgid_bugs_address = ""  # babel would fill in a placeholder address
    return catalog


def _index(previous: Catalog | None) -> tuple[dict[str, Message], dict[str, Message]]:
    """Index the previous entries by msgid (obsolete ones too) and live ones by source comment."""
    by_id: dict[str, Message] = {}
    by_source: dict[str, Message] = {}
    if previous is None:
        return by_id, by_source
    for entry in list(previous)[1:]:
        by_id[_text(entry.id)] = entry
        by_source.update((source, entry) for source in _sources(entry))
    for msgid, entry in previous.obsolete.items():
        by_id.setdefault(_text(msgid), entry)
    return by_id, by_source


def _previous_ids(path: Path) -> dict[str, str]:
    """Map each msgid that has a ``#| msgid`` line above it to that old msgid."""
    found: dict[str, str] = {}
    previous: list[str] = []
    current: list[str] = []
    state = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#| msgid "):
            state, previous = "previous", [line.removeprefix("#| msgid ")]
        elif state == "previous" and line.startswith('#| "'):
            previous.append(line.removeprefix("#| "))
        elif state == "previous" and line.startswith("msgid "):
            state, current = "msgid", [line.removeprefix("msgid ")]
        elif state == "msgid" and line.startswith('"'):
            current.append(line)
        else:
            if state == "msgid":
                found[denormalize("\n".join(current))] = denormalize("\n".join(previous))
            state = ""
    return found


def _sources(entry: Message) -> list[str]:
    return [c for c in entry.auto_comments if c.startswith((CODE_PREFIX, WORD_PREFIX))]


def _label(comments: Sequence[str]) -> str:
    """Name an entry in a problem by its codes and words: 'too_long', word 'in_progress'."""
    labels = [
        f"word {c.removeprefix(WORD_PREFIX)!r}"
        if c.startswith(WORD_PREFIX)
        else repr(c.removeprefix(CODE_PREFIX))
        for c in comments
    ]
    return ", ".join(labels)


def _check_msgids(path: Path, catalog: Catalog, expected: Mapping[str, list[str]]) -> list[str]:
    entries = {_text(entry.id): entry for entry in list(catalog)[1:]}
    missing = [comments for text, comments in expected.items() if text not in entries]
    extra = sorted(set(entries) - set(expected))
    stale = [
        comments
        for text, comments in expected.items()
        if text in entries and _sources(entries[text]) != comments
    ]
    problems = [f"{_show(path)}: no entry for {_label(comments)}" for comments in missing]
    problems += [f"{_show(path)}: {msgid!r} is not in TEXTS or VOCABULARY" for msgid in extra]
    problems += [f"{_show(path)}: {_label(c)}: stale #. comment" for c in stale]
    if problems:
        problems.append(
            f"{_show(path)}: out of date with TEXTS and VOCABULARY; run python tools/catalogs.py"
        )
    return problems


def _check_header(path: Path, catalog: Catalog, lang: str) -> list[str]:
    problems = []
    if catalog.locale_identifier != lang:
        problems.append(f"{_show(path)}: Language header is {catalog.locale_identifier!r}")
    if catalog.charset != "utf-8":
        problems.append(f"{_show(path)}: charset is {catalog.charset!r}, not utf-8")
    expected = Catalog(locale=lang).plural_forms
    if catalog.plural_forms != expected:
        problems.append(
            f"{_show(path)}: Plural-Forms is {catalog.plural_forms!r}, not {expected!r}"
        )
    return problems


def _check_translations(
    path: Path, catalog: Catalog, expected: Mapping[str, list[str]], *, required: bool
) -> list[str]:
    problems = []
    for entry in list(catalog)[1:]:
        msgid, msgstr = _text(entry.id), _text(entry.string)
        where = f"{_show(path)}: {_label(expected[msgid]) if msgid in expected else repr(msgid)}"
        if required and not msgstr:
            problems.append(f"{where}: not translated")
        elif required and entry.fuzzy:
            problems.append(f"{where}: fuzzy; review the translation and remove the flag")
        elif required and msgstr == msgid:
            problems.append(f"{where}: translation is the English text")
        if msgstr:
            problems += _check_text(where, msgid, msgstr)
    return problems


def _check_text(where: str, msgid: str, msgstr: str) -> list[str]:
    if not unicodedata.is_normalized("NFC", msgstr):
        return [f"{where}: translation is not NFC"]
    try:
        names = placeholders(msgstr)
    except ValueError as error:
        return [f"{where}: translation has bad braces ({error})"]
    if names != placeholders(msgid):
        return [f"{where}: placeholders {sorted(names)} != {sorted(placeholders(msgid))}"]
    return []


def _check_compiled(path: Path, catalog: Catalog) -> list[str]:
    mo = path.with_suffix(".mo")
    if not mo.exists():
        return [f"{_show(mo)}: missing; run python tools/catalogs.py"]
    if mo.read_bytes() != compile_catalog(catalog):
        return [f"{_show(mo)}: stale, not compiled from {path.name}; run python tools/catalogs.py"]
    return []


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _as_datetime(value: object, default: datetime) -> datetime:
    return value if isinstance(value, datetime) else default


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _show(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    raise SystemExit(main())
