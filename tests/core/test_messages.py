"""The message catalogs: every code is translated, renders, and ships compiled and up to date."""

from __future__ import annotations

import ast
import gettext
import importlib.util
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from feedback_core.accounts.permissions import Action
from feedback_core.alerts.model import AlertAction, AlertStatus
from feedback_core.errors import ValidationError
from feedback_core.messages import (
    DOMAIN,
    LOCALE_DIR,
    TEXTS,
    VOCABULARY,
    WORD_PARAMS,
    Message,
    message,
)
from feedback_core.reports.model import ReportAction, ReportStatus

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "catalogs.py"
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


def test_an_unknown_language_falls_back_to_english():
    msg = message("code_expired")
    assert msg.render("en") == msg.render("fr")


def test_a_message_code_must_exist():
    with pytest.raises(ValueError, match="code"):
        Message("no_such_code")


def test_message_parameters_are_kept_as_sorted_text():
    msg = message("out_of_range", low=1, high=5)
    assert (("high", "5"), ("low", "1")) == msg.params
    assert hash(msg) == hash(message("out_of_range", high=5, low=1))


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


# --- parameter words are translated too ---------------------------------------------------

# Words the code passes as message parameters without a literal in a call: enum values and
# the status of an alert past its end.
ENUM_WORDS = sorted(
    {
        *(e.value for e in ReportStatus),
        *(e.value for e in ReportAction),
        *(e.value for e in AlertStatus),
        *(e.value for e in AlertAction),
        *(e.value for e in Action),
        "expired",
        "supersede",
        "list_reports",
    }
)
# Placeholders whose values are numbers or free text, never vocabulary words.
FREE_PARAMS = {
    "limit",
    "digits",
    "choices",
    "low",
    "high",
    "days",
    "tries_left",
    "seconds",
    "fields",  # the placeholders a template may use, quoted as written
    "path",  # where a store is
    "fingerprint",  # of a secret key, never the key
    "login",  # an account's login ID
    "report",  # a report's short reference in a notice
    # adapter and plugin errors quote what the host configured
    "reason",
    "url",
    "host",  # of a URL that should have none
    "scheme",
    "known",
    "first",
    "second",
    "plugin",
    "error",
    "extra",
}
# Helpers that pass a positional argument on to a message parameter, and which one.
WORD_HELPERS = {"not_found": 0, "_conflict": 0, "_invalid": 1}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal_words(node: ast.expr) -> list[str]:
    """String literals a parameter value can be: "x", or the fallback of `prefix or "x"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BoolOp):
        return [word for value in node.values for word in _literal_words(value)]
    return []


def _words_in_source() -> set[tuple[str, str]]:
    """(file, word) for every literal word the code passes to a message parameter."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            values = [k.value for k in node.keywords if k.arg in WORD_PARAMS]
            if name in WORD_HELPERS and len(node.args) > WORD_HELPERS[name]:
                values.append(node.args[WORD_HELPERS[name]])
            if name in {"message", "single", *WORD_HELPERS}:
                found.update((path.name, w) for v in values for w in _literal_words(v))
    return found


def test_the_source_scan_finds_the_known_words():
    words = {word for _, word in _words_in_source()}
    assert {"report", "unit", "admin", "text", "a letter", "supersede", "expired"} <= words


@pytest.mark.parametrize(("where", "word"), sorted(_words_in_source()))
def test_every_word_the_code_passes_is_in_the_vocabulary(where, word):
    assert word in VOCABULARY, f"{where} passes {word!r}; add it to messages.VOCABULARY"


@pytest.mark.parametrize("word", ENUM_WORDS)
def test_every_enum_value_is_in_the_vocabulary(word):
    assert word in VOCABULARY


@pytest.mark.parametrize("word", VOCABULARY)
def test_every_word_has_a_vietnamese_translation(word):
    display = VOCABULARY[word]
    translated = _vietnamese(display)
    assert translated != display
    assert unicodedata.is_normalized("NFC", translated)
    assert VIETNAMESE_LETTER.search(translated.lower()), translated
    assert catalogs.placeholders(display) == catalogs.placeholders(translated) == set()


def test_every_placeholder_is_a_word_or_a_free_value():
    used = {name for text in TEXTS.values() for name in catalogs.placeholders(text)}
    assert used <= WORD_PARAMS | FREE_PARAMS
    assert not WORD_PARAMS & FREE_PARAMS


def test_display_texts_are_not_sentences_of_their_own():
    assert not set(VOCABULARY.values()) & set(TEXTS.values())


def test_entity_renders_in_vietnamese():
    assert message("not_found", entity="report").render("vi") == "Không tìm thấy phản ánh."
    assert message("conflict", entity="alert").render("vi") == (
        "Dữ liệu cảnh báo đã được người khác thay đổi; vui lòng tải lại và thử lại."
    )
    assert message("already_exists", entity="unit").render("vi") == "Đã tồn tại đơn vị này."


def test_report_transition_renders_fully_in_vietnamese():
    msg = message("invalid_transition", action=ReportAction.ACCEPT, status=ReportStatus.IN_PROGRESS)
    assert msg.render("vi") == "Không thể tiếp nhận khi trạng thái là “đang xử lý”."
    assert msg.render("vi_VN") == msg.render("vi")


def test_alert_transition_renders_fully_in_vietnamese():
    msg = message("invalid_transition", action=AlertAction.CANCEL, status="expired")
    assert msg.render("vi") == "Không thể hủy khi trạng thái là “đã hết hiệu lực”."
    msg = message("invalid_transition", action="supersede", status=AlertStatus.PENDING)
    assert msg.render("vi") == "Không thể thay thế khi trạng thái là “chờ phê duyệt”."


def test_other_word_parameters_render_in_vietnamese():
    assert message("wrong_type", expected="text").render("vi") == "Giá trị phải là văn bản."
    assert message("permission_denied", action=Action.APPROVE_ALERT).render("vi") == (
        "Bạn không có quyền phê duyệt cảnh báo."
    )
    assert message("once_only", action=ReportAction.RATE).render("vi") == (
        "Bạn chỉ có thể đánh giá một lần."
    )
    assert (
        message("invalid_username", prefix="a letter")
        .render("vi")
        .endswith("phải bắt đầu bằng một chữ cái.")
    )


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("not_found", {"entity": "report"}),
        ("already_exists", {"entity": "admin"}),
        ("invalid_transition", {"action": "return", "status": "pending_approval"}),
        ("permission_denied", {"action": "list_all_reports"}),
        ("wrong_type", {"expected": "(latitude, longitude)"}),
        ("invalid_username", {"prefix": "a letter"}),
    ],
)
def test_vietnamese_shows_no_english_word(code, params):
    text = message(code, **params).render("vi")
    for value in params.values():
        assert value not in text
        assert VOCABULARY[value] not in text


def test_english_shows_the_display_text():
    msg = message("invalid_transition", action="accept", status=ReportStatus.IN_PROGRESS)
    assert msg.render("en") == "Cannot accept when the status is in progress."
    assert str(ValidationError.single("x", "wrong_type", expected="AlertText")) == (
        "x: Expected alert text (headline, description, instruction)."
    )
    assert message("permission_denied", action="approve_alert").render("en") == (
        "You may not approve alerts."
    )


def test_the_message_keeps_the_stable_word():
    msg = message("invalid_transition", action=ReportAction.START, status=ReportStatus.ASSIGNED)
    assert msg.params == (("action", "start"), ("status", "assigned"))


def test_free_values_stay_as_given():
    assert (
        message("invalid_username", prefix="sotnmt_")
        .render("vi")
        .endswith("phải bắt đầu bằng sotnmt_.")
    )
    assert message("invalid_choice", choices="moi_truong").render("vi").endswith(": moi_truong.")
    assert message("too_long", limit=200).render("vi") == "Tối đa 200 ký tự."


def test_an_unknown_word_is_shown_as_given():
    assert message("not_found", entity="gizmo").render("vi") == "Không tìm thấy gizmo."


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


def test_the_catalog_names_the_word_of_each_vocabulary_entry():
    template = catalogs.read_catalog(catalogs.template_path())
    for word, display in VOCABULARY.items():
        assert f"word: {word}" in template[display].auto_comments


def test_new_word_is_added_untranslated_and_reported(locale_copy):
    words = {**VOCABULARY, "gizmo": "gizmo"}
    catalogs.regenerate(locale_dir=locale_copy, words=words)
    assert catalogs.check(locale_dir=locale_copy, words=words) == [
        f"{catalogs.po_path('vi', locale_copy)}: word 'gizmo': not translated",
    ]
    entry = catalogs.read_catalog(catalogs.po_path("vi", locale_copy))["gizmo"]
    assert entry.auto_comments == ["word: gizmo"]


def test_check_finds_a_missing_word(locale_copy):
    words = {**VOCABULARY, "gizmo": "gizmo"}
    problems = catalogs.check(locale_dir=locale_copy, words=words)
    assert any("no entry for word 'gizmo'" in p for p in problems)


def test_reworded_display_text_keeps_its_translation_as_fuzzy(locale_copy):
    words = {**VOCABULARY, "in_progress": "being handled"}
    catalogs.regenerate(locale_dir=locale_copy, words=words)
    entry = catalogs.read_catalog(catalogs.po_path("vi", locale_copy))["being handled"]
    assert entry.fuzzy
    assert entry.string == "đang xử lý"
    problems = catalogs.check(locale_dir=locale_copy, words=words)
    assert any("word 'in_progress'" in p and "fuzzy" in p for p in problems)


def test_check_finds_a_renamed_word(locale_copy):
    words = {("ongoing" if w == "in_progress" else w): d for w, d in VOCABULARY.items()}
    problems = catalogs.check(locale_dir=locale_copy, words=words)
    assert any("word 'ongoing'" in p and "stale" in p for p in problems)
    catalogs.regenerate(locale_dir=locale_copy, words=words)
    assert catalogs.check(locale_dir=locale_copy, words=words) == []
