"""The message catalogs: every code is translated, renders, and ships compiled and up to date."""

from __future__ import annotations

import gettext
import importlib.util
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from feedback_core.errors import ValidationError
from feedback_core.messages import DOMAIN, LOCALE_DIR, TEXTS, message

TOOL = Path(__file__).resolve().parents[2] / "tools" / "catalogs.py"
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]"
)


def _load_tool():
    spec = importlib.util.spec_from_file_location("feedback_core_catalogs_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = _load_tool()


def _vietnamese(msgid: str) -> str:
    # No fallback: a missing vi .mo must fail here rather than quietly give English.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["vi"]).gettext(msgid)


def _dummy_params(code: str) -> dict[str, str]:
    return {name: f"<{name}>" for name in catalogs.placeholders(TEXTS[code])}


@pytest.fixture
def locale_copy(tmp_path: Path) -> Path:
    """A scratch copy of the shipped catalogs for the tool to change."""
    return shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale")


# --- the shipped translations -------------------------------------------------------------


@pytest.mark.parametrize("code", TEXTS)
def test_every_code_has_a_vietnamese_translation(code):
    translated = _vietnamese(TEXTS[code])
    assert translated
    assert translated != TEXTS[code]


@pytest.mark.parametrize("code", TEXTS)
def test_vietnamese_keeps_the_placeholders(code):
    assert catalogs.placeholders(_vietnamese(TEXTS[code])) == catalogs.placeholders(TEXTS[code])


@pytest.mark.parametrize("code", TEXTS)
def test_vietnamese_is_nfc_with_diacritics(code):
    translated = _vietnamese(TEXTS[code])
    assert unicodedata.is_normalized("NFC", translated)
    assert VIETNAMESE_LETTER.search(translated.lower()), translated


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("code", TEXTS)
def test_every_code_renders(code, lang):
    params = _dummy_params(code)
    text = message(code, **params).render(lang)
    assert text
    assert "{" not in text
    assert "}" not in text
    for value in params.values():
        assert value in text


@pytest.mark.parametrize("code", TEXTS)
def test_english_is_the_source_text(code):
    params = _dummy_params(code)
    assert message(code, **params).render("en") == TEXTS[code].format(**params)


@pytest.mark.parametrize("lang", ["fr", "zh_CN", "xx"])
def test_unknown_language_falls_back_to_english(lang):
    assert message("required").render(lang) == "This field is required."
    assert message("code_wrong", tries_left=2).render(lang) == "Wrong code; 2 tries left."


def test_regional_vietnamese_uses_the_vietnamese_catalog():
    assert message("required").render("vi_VN") == "Trường này là bắt buộc."


def test_vietnamese_fills_in_the_values():
    assert message("code_wrong", tries_left=2).render("vi") == "Mã không đúng; còn 2 lần thử."
    assert message("send_cooldown", seconds=30).render("vi") == (
        "Vui lòng chờ 30 giây trước khi yêu cầu mã mới."
    )


def test_validation_error_renders_in_vietnamese():
    text = ValidationError.single("phone", "invalid_phone").render("vi")
    assert text.startswith("phone: ")
    assert text == f"phone: {_vietnamese(TEXTS['invalid_phone'])}"
    assert VIETNAMESE_LETTER.search(text.lower())
    assert "Vietnamese" not in text


# --- the shipped files are what the tool produces -----------------------------------------


def test_shipped_catalogs_pass_the_check():
    assert catalogs.check() == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_shipped_mo_is_compiled_from_its_po(lang):
    po = catalogs.po_path(lang)
    assert po.with_suffix(".mo").read_bytes() == catalogs.compile_po(po)


def test_regenerating_the_shipped_catalogs_changes_nothing(locale_copy):
    assert catalogs.regenerate(locale_dir=locale_copy) == []


def test_check_command_succeeds_on_the_shipped_catalogs(capsys):
    assert catalogs.main(["--check"]) == 0
    assert capsys.readouterr().err == ""


# --- the tool finds problems ---------------------------------------------------------------


def _edit_vi_po(locale_dir: Path, old: str, new: str) -> None:
    po = catalogs.po_path("vi", locale_dir)
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")


def test_check_finds_a_changed_placeholder(locale_copy):
    _edit_vi_po(locale_copy, "Tối đa {limit} ký tự.", "Tối đa {limt} ký tự.")
    problems = catalogs.check(locale_dir=locale_copy)
    assert any("'too_long'" in p and "placeholders" in p for p in problems)


def test_check_finds_a_stale_mo(locale_copy):
    _edit_vi_po(locale_copy, "Trường này là bắt buộc.", "Vui lòng nhập trường này.")
    problems = catalogs.check(locale_dir=locale_copy)
    assert any("stale" in p and "vi/LC_MESSAGES" in p for p in problems)
    catalogs.regenerate(locale_dir=locale_copy)
    assert catalogs.check(locale_dir=locale_copy) == []


def test_check_finds_text_that_is_not_nfc(locale_copy):
    decomposed = unicodedata.normalize("NFD", "Trường này là bắt buộc.")
    _edit_vi_po(locale_copy, "Trường này là bắt buộc.", decomposed)
    problems = catalogs.check(locale_dir=locale_copy)
    assert any("'required'" in p and "NFC" in p for p in problems)


def test_new_text_is_added_untranslated_and_reported(locale_copy):
    texts = {**TEXTS, "brand_new": "Something new about {thing}."}
    catalogs.regenerate(texts, locale_dir=locale_copy)
    problems = catalogs.check(texts, locale_dir=locale_copy)
    assert problems == [
        f"{catalogs.po_path('vi', locale_copy)}: 'brand_new': not translated",
    ]
    vi = gettext.translation(DOMAIN, locale_copy, languages=["vi"])
    assert vi.gettext("Something new about {thing}.") == "Something new about {thing}."
    assert vi.gettext(TEXTS["required"]) == "Trường này là bắt buộc."


LONG_REWORDING = (
    "Give a latitude and a longitude that lie inside Vietnam's range, or type the full "
    'street address of the place, "as written on the map".'
)


@pytest.mark.parametrize(
    ("code", "reworded"),
    [
        ("required", "Please fill in this field."),
        (  # long enough that the .po file wraps the new msgid, with escaped quotes
            "invalid_location",
            LONG_REWORDING,
        ),
    ],
)
def test_reworded_text_keeps_its_translation_as_fuzzy(locale_copy, code, reworded):
    texts = {**TEXTS, code: reworded}
    assert catalogs.regenerate(texts, locale_dir=locale_copy)
    assert catalogs.regenerate(texts, locale_dir=locale_copy) == []  # idempotent while fuzzy
    entry = catalogs.read_catalog(catalogs.po_path("vi", locale_copy))[reworded]
    assert entry.fuzzy
    assert entry.string == _vietnamese(TEXTS[code])
    assert entry.previous_id == [TEXTS[code]]
    problems = catalogs.check(texts, locale_dir=locale_copy)
    assert any(f"{code!r}" in p and "fuzzy" in p for p in problems)
    vi = gettext.translation(DOMAIN, locale_copy, languages=["vi"])
    assert vi.gettext(reworded) == reworded  # not compiled until a translator reviews it


def test_removed_text_keeps_its_translation_as_obsolete(locale_copy):
    texts = {code: text for code, text in TEXTS.items() if code != "sms_failed"}
    catalogs.regenerate(texts, locale_dir=locale_copy)
    catalog = catalogs.read_catalog(catalogs.po_path("vi", locale_copy))
    assert TEXTS["sms_failed"] not in catalog
    assert TEXTS["sms_failed"] in catalog.obsolete
    assert catalogs.check(texts, locale_dir=locale_copy) == []
