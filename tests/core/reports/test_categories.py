"""Report categories: the usual 1022 fields, or a province's own."""

import unicodedata

import pytest

from feedback_core import FeedbackSystem, Settings, ValidationError
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_core.testing.world import SECRET_KEY


def codes(error):
    return {field: [m.code for m in messages] for field, messages in error.errors.items()}


def test_the_default_categories_are_the_usual_1022_fields():
    assert "Đất đai" == DEFAULT_CATEGORIES["dat_dai"]
    assert {"moi_truong", "giao_thong", "khac"} <= set(DEFAULT_CATEGORIES)
    assert all(name == unicodedata.normalize("NFC", name) for name in DEFAULT_CATEGORIES.values())


def test_a_province_may_use_its_own_categories(world):
    settings = Settings(secret_key=SECRET_KEY, categories={"cay_xanh": "Cây xanh"})
    system = FeedbackSystem(world.storage, world.sms, settings, clock=world.clock)
    report = system.submit_report(
        world.citizen.id,
        title="Cây đổ",
        content="Cây đổ chắn đường.",
        category="cay_xanh",
        address="Đường Cách Mạng Tháng Tám",
    )
    assert "cay_xanh" == report.draft.category
    with pytest.raises(ValidationError) as info:
        system.submit_report(
            world.citizen.id, title="t", content="c", category="giao_thong", address="a"
        )
    assert {"category": ["invalid_choice"]} == codes(info.value)
