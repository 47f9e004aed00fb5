"""Photos and videos of reports: kinds from the bytes, limits while streaming, no metadata,
and the report's own visibility."""

import datetime as dt
import io
import uuid

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_support import MP4_HEAD, Counting, image, jpeg_with_gps, video
from PIL import Image

from feedback_core.errors import (
    InvalidTransition,
    NotConfigured,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from feedback_core.reports.media import MB, MediaKind, MediaPolicy, claims_match, sniff
from feedback_media.cleaning import PillowCleaner
from feedback_media.memory import MemoryMediaStore

REPORT = {"title": "Ổ gà", "content": "Ổ gà lớn giữa đường.", "category": "giao_thong"}
WHERE = {"address": "Đường 30/4, Tây Ninh"}


def media_system(world, **policy):
    settings_ = attrs.evolve(world.system.settings, media=MediaPolicy(**policy))
    return world.system_with(settings=settings_, media=MemoryMediaStore(), cleaner=PillowCleaner())


@pytest.fixture
def system(world):
    return media_system(world)


def report_of(world, system, *, public=False):
    return system.submit_report(world.citizen, **REPORT, **WHERE, public=public)


def codes(error):
    return {field: [m.code for m in msgs] for field, msgs in error.value.errors.items()}


def read(content):
    return b"".join(content.chunks)


# -- what is kept ---------------------------------------------------------------------------


def test_a_jpeg_with_gps_comes_back_upright_without_any_metadata(world, system):
    report = report_of(world, system)
    item = system.attach_media(world.citizen, report.id, [jpeg_with_gps()], filename="a.JPG")
    data = read(system.report_media(world.citizen, report.id, item.id))
    back = Image.open(io.BytesIO(data))
    assert (MediaKind.JPEG, "JPEG") == (item.kind, back.format)
    assert 0 == len(back.getexif())
    assert {"exif", "comment", "icc_profile"}.isdisjoint(back.info)
    assert [] == [word for word in (b"Exif", b"PhoneMaker", b"my home") if word in data]
    assert (10, 20) == back.size  # orientation 6 applied before EXIF was dropped


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_exif_and_keep_their_format(world, system, kind):
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (10.0, 1.0, 2.0)})
    report = report_of(world, system)
    item = system.attach_media(world.citizen, report.id, [image(kind, exif=exif)])
    back = Image.open(io.BytesIO(read(system.report_media(world.citizen, report.id, item.id))))
    assert (kind, 0) == (back.format, len(back.getexif()))


def test_a_video_is_kept_byte_for_byte(world, system):
    report = report_of(world, system)
    item = system.attach_media(world.citizen, report.id, io.BytesIO(video()))
    assert video() == read(system.report_media(world.citizen, report.id, item.id))
    assert ("video/mp4", len(video())) == (item.content_type, item.size)


# -- what is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "claims"),
    [
        (image("PNG"), {"filename": "photo.jpg"}),
        (image("PNG"), {"content_type": "image/jpeg"}),
        (jpeg_with_gps(), {"content_type": "video/mp4"}),
        (b"Just some text, not a photo at all.", {"content_type": "image/jpeg"}),
        (bytes(range(256)), {"filename": "photo.jpg"}),
        (b"\xff\xd8\xff" + b"not really a jpeg" * 10, {"filename": "photo.jpg"}),
        (b"", {}),
    ],
    ids=[
        "png-named-jpg",
        "png-declared-jpeg",
        "jpeg-declared-mp4",
        "text",
        "random",
        "fake",
        "empty",
    ],
)
def test_an_upload_that_lies_about_its_type_is_refused_and_nothing_kept(
    world, system, data, claims
):
    report = report_of(world, system)
    with pytest.raises(ValidationError) as error:
        system.attach_media(world.citizen, report.id, [data], **claims)
    assert ["media"] == list(codes(error))
    assert [] == system.list_media(world.citizen, report.id)


def test_a_kind_the_policy_does_not_allow_is_refused(world):
    system = media_system(world, kinds=frozenset({MediaKind.JPEG}))
    report = report_of(world, system)
    with pytest.raises(ValidationError) as error:
        system.attach_media(world.citizen, report.id, [video()])
    assert {"media": ["invalid_choice"]} == codes(error)


@pytest.mark.parametrize(
    ("head", "limit_field"), [(jpeg_with_gps(), "max_photo_bytes"), (MP4_HEAD, "max_video_bytes")]
)
def test_an_oversize_upload_stops_being_read_just_past_the_limit(world, head, limit_field):
    system = media_system(world, **{limit_field: 64 * 1024})
    report = report_of(world, system)
    upload = Counting(head)
    with pytest.raises(ValidationError) as error:
        system.attach_media(world.citizen, report.id, upload)
    assert {"media": ["too_large"]} == codes(error)
    assert upload.pulled <= 64 + 2  # 1 KB chunks: the limit's worth, then one more
    assert [] == system.list_media(world.citizen, report.id)
    assert "0.1 MB" in error.value.render("en")


def test_the_default_limits_are_10_mb_a_photo_50_a_video_10_items():
    policy = MediaPolicy()
    assert (10 * MB, 50 * MB, 10) == (
        policy.limit(MediaKind.PNG),
        policy.limit(MediaKind.WEBM),
        policy.max_items,
    )


def test_a_report_holds_at_most_max_items(world):
    system = media_system(world, max_items=2)
    report = report_of(world, system)
    for _ in range(2):
        system.attach_media(world.citizen, report.id, [video()])
    with pytest.raises(ValidationError) as error:
        system.attach_media(world.citizen, report.id, [video()])
    assert {"media": ["too_many"]} == codes(error)
    assert 2 == len(system.list_media(world.citizen, report.id))


@pytest.mark.parametrize(
    "box",
    [
        b"\x00\x00\x00\x1e\xa9xyz\x00\x12\x15\xc7+10.7626+106.6601/",
        b"com.apple.quicktime.location.ISO6709",
    ],
)
def test_a_video_that_records_where_it_was_filmed_is_refused(world, system, box):
    report = report_of(world, system)
    with pytest.raises(ValidationError) as error:
        system.attach_media(world.citizen, report.id, [video(b"\x00" * 100 + box), b"\x00" * 10])
    assert {"media": ["media_location"]} == codes(error)


# -- who may attach, who may see ------------------------------------------------------------


def test_only_the_reporter_attaches(world, system):
    report = report_of(world, system)
    with pytest.raises(PermissionDenied):
        system.attach_media(world.operator, report.id, [video()])
    with pytest.raises(NotFound):
        system.attach_media(world.new_citizen("0987654321"), report.id, [video()])


def test_media_are_attached_only_while_the_report_is_open(world, system):
    report = report_of(world, system)
    system.refuse_report(world.operator, report.id, "Không thuộc thẩm quyền")
    with pytest.raises(InvalidTransition):
        system.attach_media(world.citizen, report.id, [video()])


def test_a_private_reports_media_are_seen_by_the_reporter_the_units_and_operators(world, system):
    report = report_of(world, system)
    item = system.attach_media(world.citizen, report.id, [video()])
    system.accept_report(world.operator, report.id)
    system.assign_report(world.operator, report.id, [world.units[0].id])
    for viewer in (world.citizen, world.operator, world.staff[0], world.approvers[0]):
        assert video() == read(system.report_media(viewer, report.id, item.id))
        assert [item] == system.list_media(viewer, report.id)
    for stranger in (world.new_citizen("0987654321"), world.staff[1]):
        with pytest.raises(NotFound) as error:
            system.report_media(stranger, report.id, item.id)
        assert "report" in str(error.value.message)
    for call in (system.public_list_media, lambda rid: system.public_report_media(rid, item.id)):
        with pytest.raises(NotFound):
            call(report.id)


def test_a_public_reports_media_show_to_anyone_once_it_is_public(world, system):
    report = report_of(world, system, public=True)
    item = system.attach_media(world.citizen, report.id, [video()])
    with pytest.raises(NotFound):
        system.public_report_media(report.id, item.id)  # not accepted yet
    system.accept_report(world.operator, report.id)
    assert video() == read(system.public_report_media(report.id, item.id))
    assert [item] == system.public_list_media(report.id)


def test_a_listing_gets_the_first_item_of_each_public_report_at_once(world, system):
    shown, bare, hidden = (report_of(world, system, public=p) for p in (True, True, False))
    first = system.attach_media(world.citizen, shown.id, [video()])
    world.clock.advance(dt.timedelta(seconds=1))
    system.attach_media(world.citizen, shown.id, [image("JPEG")])
    system.attach_media(world.citizen, hidden.id, [video()])
    for report in (shown, bare, hidden):
        system.accept_report(world.operator, report.id)
    ids = [shown.id, bare.id, hidden.id, uuid.uuid4()]
    assert {shown.id: first} == system.public_first_media(ids)
    assert {} == world.system.public_first_media(ids)  # a system that keeps no media


def test_a_hidden_report_answers_like_an_unknown_one(world, system):
    report = report_of(world, system)
    item = system.attach_media(world.citizen, report.id, [video()])
    stranger = world.new_citizen("0987654321")
    with pytest.raises(NotFound) as hidden:
        system.report_media(stranger, report.id, item.id)
    with pytest.raises(NotFound) as unknown:
        system.report_media(stranger, uuid.uuid4(), item.id)
    assert (hidden.value.message, hidden.value.field) == (
        unknown.value.message,
        unknown.value.field,
    )


def test_an_unknown_item_of_a_visible_report_is_not_found(world, system):
    report = report_of(world, system)
    with pytest.raises(NotFound) as error:
        system.report_media(world.citizen, report.id, uuid.uuid4())
    assert "media_id" == error.value.field


def test_without_a_media_store_media_use_cases_say_so(world):
    report = report_of(world, world.system)
    with pytest.raises(NotConfigured):
        world.system.list_media(world.citizen, report.id)


# -- the kind from the bytes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (image("PNG"), MediaKind.PNG),
        (image("JPEG"), MediaKind.JPEG),
        (image("WEBP"), MediaKind.WEBP),
        (MP4_HEAD, MediaKind.MP4),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", MediaKind.QUICKTIME),
        (
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm",
            MediaKind.WEBM,
        ),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", None),
        (b"GIF89a" + b"\x00" * 20, None),
    ],
)
def test_sniff_knows_each_kind_by_its_signature(data, kind):
    assert kind == sniff(data)


@given(st.binary(max_size=200))
def test_random_bytes_are_no_photo_unless_they_start_like_one(data):
    kind = sniff(data)
    if kind is not None and kind.is_photo:
        assert (
            data[:3] == b"\xff\xd8\xff"
            or data[:8] == b"\x89PNG\r\n\x1a\n"
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        )


SIGNATURES = st.sampled_from(
    [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBPVP8 "]
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.tuples(SIGNATURES, st.binary(max_size=300)).map(b"".join))
def test_random_bytes_are_never_stored_as_a_photo(world, system, data):
    """Even behind a real signature, bytes that are no image are refused by the cleaner."""
    report = report_of(world, system)
    with pytest.raises(ValidationError):
        system.attach_media(world.citizen, report.id, [data])
    assert [] == system.list_media(world.citizen, report.id)


@pytest.mark.parametrize(
    ("content_type", "filename", "ok"),
    [
        (None, None, True),
        ("image/jpeg; charset=binary", "IMG_1.JPEG", True),
        ("application/octet-stream", "noext", True),
        ("image/png", None, False),
        (None, "x.png", False),
        (None, "jpg", True),  # a name without a dot has no extension to lie with
    ],
)
def test_claims_must_agree_with_the_bytes(content_type, filename, ok):
    assert ok == claims_match(MediaKind.JPEG, content_type, filename)
