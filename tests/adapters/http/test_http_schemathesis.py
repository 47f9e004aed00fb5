"""schemathesis over the app's own OpenAPI document, on the real app over a SQLite file.

Every operation, called as each role (and with no token), with data the document allows
and data it refuses: the answer is never a 500, its status is one the document declares
for the operation, and its content type and body are the ones declared for that status.
Path ids are the seeded records' half the time (so the steps run on real reports and
alerts, not only on ids that answer 404) and whatever schemathesis generates otherwise.

Bounded: ``EXAMPLES`` per operation and role in the fuzzing phase (10 locally, 15 with
HYPOTHESIS_PROFILE=ci), derandomized, no example database; the coverage phase adds its
boundary and bad-input cases once each.
"""

import os
import uuid

import pytest
import schemathesis
from http_support import REPORT, TestClient, alert_body
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from feedback_core import FeedbackSystem, LoginPolicy, Settings
from feedback_core.errors import SessionEnded
from feedback_core.testing import World
from feedback_core.testing.world import PASSWORD, SECRET_KEY, START
from feedback_http import create_app
from feedback_media.cleaning import PillowCleaner
from feedback_media.files import FileMediaStore
from feedback_memory import MemoryStorage, RecordingSmsSender
from feedback_sqlite import SqliteStorage

# The file's time grows with EXAMPLES, ~5 s per example over all its ~370 fuzzed cases
# (without coverage): 25 took ~2 min of the CI run. What it checks is the HTTP plumbing
# against the document, not a domain rule (those run with the full profile in tests/core
# and in every store's contract). 15 still fuzzes every operation as every role, and the
# coverage phase's boundary and bad-input cases all run whatever EXAMPLES is.
EXAMPLES = 15 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _config(*, security_parameters):
    """Data the document allows and data it refuses, bounded and derandomized."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 1022,
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "database": "none",
                # True: schemathesis writes the Authorization header itself (left out,
                # or a token of its own); False: each role's token is sent.
                "with-security-parameters": security_parameters,
            },
            "phases": {"stateful": {"enabled": False}},
        }
    )


def _document():
    """The document the app serves; the same over any store (read here from memory)."""
    storage = MemoryStorage()
    system = FeedbackSystem(storage, RecordingSmsSender(), Settings(secret_key=SECRET_KEY))
    with TestClient(create_app(system)) as client:
        return client.get("/openapi.json").json()


DOCUMENT = _document()
as_roles = schemathesis.openapi.from_dict(DOCUMENT, config=_config(security_parameters=False))
as_strangers = schemathesis.openapi.from_dict(DOCUMENT, config=_config(security_parameters=True))

# Who calls: the login ID of each role's account in the seeded world.
ROLES = {
    "citizen": lambda w: w.citizen.login_id,
    "operator": lambda w: w.operator.login_id,
    "unit_staff": lambda w: w.staff[0].login_id,
    "approver": lambda w: w.approvers[0].login_id,
    "admin": lambda w: w.admin.login_id,
}
KNOWN: dict[str, list[str]] = {}  # path parameter -> ids of seeded records


class Province:
    """The seeded world over a SQLite file (media beside it), its app, a token per role."""

    def __init__(self, directory):
        # Fuzzed confirmations (/me/password, /me/deletion...) send wrong passwords, which
        # count as failed logins: with the default policy a role would soon be blocked
        # for good on the fixed clock, and `headers` could not log it in again.
        patient = Settings(secret_key=SECRET_KEY, login=LoginPolicy(max_failures=10**9))
        storage = SqliteStorage(directory / "feedback.db")
        self.world = World.build(storage, RecordingSmsSender(), patient)
        # As `from_urls` sets up a SQLite store: its media in a folder beside the file.
        media = FileMediaStore(directory / "feedback-media")
        self.app = create_app(self.world.system_with(media=media, cleaner=PillowCleaner()))
        self.tokens: dict[str, str] = {}
        self.known = _seed(self.world)

    def headers(self, role):
        """Bearer headers of a live session of ``role`` (a new one if the last ended)."""
        system = self.world.system
        token = self.tokens.get(role)
        if token is not None:
            try:
                system.session_account(token)
            except SessionEnded:
                token = None
        if token is None:
            token = system.open_session(ROLES[role](self.world), PASSWORD, "schemathesis").token
            self.tokens[role] = token
        return {"authorization": f"Bearer {token}"}


def _seed(world):
    """Reports and alerts in several states, so real ids reach every step."""
    system, citizen, operator = world.system, world.citizen, world.operator
    staff, approver = world.staff[0], world.approvers[0]

    def report(**more):
        return system.submit_report(citizen, **REPORT, **more)

    submitted = report(public=True)
    accepted = system.accept_report(operator, report())
    assigned = system.assign_report(operator, system.accept_report(operator, report()), ["sotnmt"])
    started = system.start_report(staff, system.assign_report(operator, accepted, ["sotnmt"]))
    resolved = system.resolve_report(staff, started, "Đã nạo vét cống.")
    times = {"start": START.add(hours=1), "end": START.add(days=1)}
    words = {k: v for k, v in alert_body(**times).items() if k not in times}

    def alert():
        return system.create_alert(staff, **words, **times)

    draft = alert()
    pending = system.submit_alert(staff, alert())
    approved = system.approve_alert(approver, system.submit_alert(staff, alert()))
    return {
        "report_id": [str(r.id) for r in (submitted, assigned, resolved)],
        "alert_id": [str(a.id) for a in (draft, pending, approved)],
    }


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    province = Province(tmp_path_factory.mktemp("province"))
    KNOWN.update(province.known)
    return province


def _known_ids(context, path_parameters):
    """Half the time, a path's valid id names a seeded record rather than a random one.

    An id schemathesis wrote to be refused (no UUID) is left as it is.
    """
    if not path_parameters:
        return st.just(path_parameters)
    known = [
        {**path_parameters, name: choice}
        for name, value in path_parameters.items()
        if _is_uuid(value)
        for choice in KNOWN.get(name, [])
    ]
    if not known:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.sampled_from(known))


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


for _schema in (as_roles, as_strangers):
    _schema.hook("flatmap_path_parameters")(_known_ids)


def test_the_sqlite_app_serves_the_same_document(province):
    with TestClient(province.app) as client:
        assert DOCUMENT == client.get("/openapi.json").json()


BOUNDS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("role", list(ROLES))
@as_roles.parametrize()
@BOUNDS
def test_every_answer_to_each_role_is_documented(case, role, province):
    case.call_and_validate(app=province.app, headers=province.headers(role), checks=CHECKS)


@as_strangers.parametrize()
@BOUNDS
def test_every_answer_without_a_live_token_is_documented(case, province):
    case.call_and_validate(app=province.app, checks=CHECKS)


# What schemathesis found, pinned: each was answered wrongly before.


def test_a_body_of_bytes_that_are_no_text_is_bad_input_not_400(client, as_):
    response = client.post(
        "/accounts/activation-code",
        content=b"\xff\xfe",
        headers={"content-type": "application/json", "accept-language": "en"},
    )
    assert (422, ["body"]) == (response.status_code, list(response.json()["errors"]))
    assert "application/problem+json" == response.headers["content-type"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/me/preferences", {"notices": 0}, "notices"),
        ("/me/preferences", {"notices": "true"}, "notices"),
        ("/reports", {**REPORT, "latitude": "11.3", "longitude": 106.1}, "latitude"),
        ("/reports", {**REPORT, "public": 1}, "public"),
    ],
)
def test_values_of_the_wrong_json_type_are_refused_not_coerced(client, as_, path, body, field):
    method = client.patch if path.startswith("/me") else client.post
    response = method(path, json=body, headers=as_("0912345678"))
    assert (422, [field]) == (response.status_code, list(response.json()["errors"]))


@pytest.mark.parametrize("version", ["1", 1.0, True])
def test_an_expected_version_must_be_an_integer(client, as_, world, version):
    report = client.post("/reports", json=REPORT, headers=as_("0912345678")).json()
    response = client.post(
        f"/reports/{report['id']}/accept",
        json={"expected_version": version},
        headers=as_("tiepnhan"),
    )
    assert (422, ["expected_version"]) == (response.status_code, list(response.json()["errors"]))


@pytest.mark.parametrize("at", ["0.5", "1772420400", "2026-03-02", "2026-03-02T10:00+07:00"])
def test_a_time_is_rfc_3339_text_never_a_number_of_seconds(client, at):
    for path in ("/alerts/active", "/alerts/feed"):
        response = client.get(path, params={"at": at}, headers={"accept-language": "en"})
        assert (422, ["at"]) == (response.status_code, list(response.json()["errors"]))
        assert ["Expected date and time."] == response.json()["errors"]["at"]


def test_a_time_without_its_offset_is_refused_in_the_core_words(client):
    response = client.get("/alerts/active", params={"at": "2026-03-02T10:00:00"})
    assert (422, "not_aware") == (response.status_code, response.json()["code"])
    fine = client.get("/alerts/active", params={"at": "2026-03-02T10:00:00+07:00"})
    assert (200, []) == (fine.status_code, fine.json())


def test_an_alert_starting_at_a_number_is_refused(client, as_):
    body = {**alert_body(START.add(hours=1), START.add(days=1)), "start": 1772420400}
    response = client.post("/alerts", json=body, headers=as_("sotnmt_canbo"))
    assert (422, ["start"]) == (response.status_code, list(response.json()["errors"]))
