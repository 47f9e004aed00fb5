"""Open311 services: one per report category, definitions only where a province gives them."""

import json

import pytest
from open311_support import from_xml, root_of, validate

from feedback_core import NotFound, Settings, ValidationError
from feedback_core.reports.categories import DEFAULT_CATEGORIES
from feedback_http.open311.formats import json_body, service_definition_xml, services_xml
from feedback_http.open311.services import (
    ServiceCatalog,
    keywords,
    service_definition,
    services,
    unaccented,
)

DUMPING = {
    "variable": True,
    "code": "loai_rac",
    "datatype": "singlevaluelist",
    "required": True,
    "datatype_description": None,
    "order": 2,
    "description": "Loại rác thải <sinh hoạt & xây dựng>",
    "values": [
        {"key": "sinh_hoat", "name": "Rác sinh hoạt"},
        {"key": "xay_dung", "name": "Xà bần, vật liệu xây dựng"},
    ],
}
SMELL = {
    "variable": True,
    "code": "mui",
    "datatype": "text",
    "required": False,
    "datatype_description": "Mô tả mùi, thời điểm",
    "order": 1,
    "description": "Có mùi hôi không?",
    "values": [],
}


@pytest.fixture
def catalog():
    return ServiceCatalog(
        Settings(secret_key=b"k" * 16).categories,
        definitions={"moi_truong": [DUMPING, SMELL]},
        groups={"dien_nuoc": "Hạ tầng"},
    )


def test_every_category_is_a_realtime_service_in_the_configured_order(catalog):
    listed = services(catalog)
    assert list(DEFAULT_CATEGORIES) == [s["service_code"] for s in listed]
    assert list(DEFAULT_CATEGORIES.values()) == [s["service_name"] for s in listed]
    assert {"realtime"} == {s["type"] for s in listed}


def test_metadata_is_true_only_where_a_definition_exists(catalog):
    assert {"moi_truong"} == {s["service_code"] for s in services(catalog) if s["metadata"]}


def test_the_group_is_the_provinces_or_the_category_itself(catalog):
    groups = {s["service_code"]: s["group"] for s in services(catalog)}
    assert "Hạ tầng" == groups["dien_nuoc"]
    assert "Giao thông" == groups["giao_thong"]


def test_keywords_add_the_code_and_the_unaccented_words():
    assert "giao_thong, giao thong" == keywords("giao_thong", "Giao thông")
    assert "dien_nuoc, dien, nuoc" == keywords("dien_nuoc", "Điện, nước")
    assert "Dat dai duong" == unaccented("Đất đai đường")


def test_the_service_list_is_valid_georeport_json_and_xml(catalog):
    listed = services(catalog)
    validate("services.json", json.loads(json_body(listed)))
    body = services_xml(listed)
    assert "services" == root_of(body)
    assert listed == from_xml(body)


def test_a_definition_lists_its_attributes_by_order_and_validates(catalog):
    definition = service_definition(catalog, "moi_truong")
    assert ["mui", "loai_rac"] == [a["code"] for a in definition["attributes"]]
    validate("service-definition.json", json.loads(json_body(definition)))
    body = service_definition_xml(definition)
    assert "service_definition" == root_of(body)
    assert definition == from_xml(body)


def test_a_service_without_fields_has_an_empty_valid_definition(catalog):
    definition = service_definition(catalog, "giao_thong")
    assert {"service_code": "giao_thong", "attributes": []} == definition
    validate("service-definition.json", definition)


def test_an_unknown_service_code_is_not_found(catalog):
    with pytest.raises(NotFound) as caught:
        service_definition(catalog, "khong_co")
    assert "service_code" == caught.value.field


@pytest.mark.parametrize("extra", ["definitions", "groups", "descriptions"])
def test_facts_about_an_unknown_category_are_refused(extra):
    with pytest.raises(ValidationError) as caught:
        ServiceCatalog(DEFAULT_CATEGORIES, **{extra: {"khong_co": []}})
    assert [extra] == list(caught.value.errors)
