"""Texts POSTed to an HTTP SMS gateway, one request per message (extra ``[sms]``: httpx).

``smsgw:<http or https URL>`` names the gateway's send endpoint. The token comes from the
environment (``FEEDBACK_SMS_GATEWAY_TOKEN``, or the variable that ``?token_env=NAME``
names), never from the URL, and is sent as ``Authorization: Bearer <token>``. The request
template is small and set by URL parameters, which are taken off the endpoint:

* the body is JSON ``{"to": phone, "text": text}``; ``?to_field=msisdn&text_field=message``
  renames the two fields, and ``?form=1`` sends them form-encoded instead;
* ``?unaccented=1`` strips the Vietnamese diacritics first (`segments.unaccented`), so the
  text travels as GSM-7 and costs fewer segments (`segments.cost`).

Any other query parameter stays on the endpoint.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final, NoReturn
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import httpx

from feedback_core.errors import AdapterError, DeliveryFailed
from feedback_core.messages import message
from feedback_sms.segments import unaccented

if TYPE_CHECKING:
    from collections.abc import Mapping

SCHEME: Final = "smsgw"
TOKEN_ENV: Final = "FEEDBACK_SMS_GATEWAY_TOKEN"  # noqa: S105 - a variable name
CONNECT_TIMEOUT: Final = 5.0
READ_TIMEOUT: Final = 10.0
_OPTIONS: Final = frozenset({"token_env", "to_field", "text_field", "form", "unaccented"})
_YES: Final = frozenset({"1", "true", "yes"})
_NO: Final = frozenset({"", "0", "false", "no"})


@attrs.frozen
class Template:
    """How a message becomes a request: the two field names, JSON or form, accents or not."""

    to_field: str = "to"
    text_field: str = "text"
    form: bool = False
    unaccented: bool = False

    def body(self, phone: str, text: str) -> dict[str, str]:
        """The request's fields for one message."""
        return {
            self.to_field: phone,
            self.text_field: unaccented(text) if self.unaccented else text,
        }


class HttpSmsSender:
    """POSTs each text to the gateway; a 2xx answer means the gateway took it.

    Any other answer, a network error or a time-out raises DeliveryFailed (message
    ``sms_failed``, field ``sms``) with the reason among its parameters and the error
    chained. Safe to share between threads.
    """

    def __init__(
        self,
        url: str,
        token: str,
        template: Template | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.url = url
        self.template = template or Template()
        self._headers = {"authorization": f"Bearer {token}"}
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)

    @classmethod
    def from_url(cls, url: str, environ: Mapping[str, str] | None = None) -> HttpSmsSender:
        """``smsgw:https://api.example.vn/send?to_field=msisdn`` (see the module's options).

        AdapterError naming the variable when the token is missing, or field ``sms`` when
        the URL is no http(s) URL after ``smsgw:`` or an option is malformed.
        """
        endpoint, variable, template = gateway_of(url)
        env = os.environ if environ is None else environ
        token = env.get(variable, "")
        if not token:
            raise AdapterError(message("required"), field=variable)
        return cls(endpoint, token, template)

    def send(self, phone: str, text: str) -> None:
        """POST the message; DeliveryFailed unless the gateway answers 2xx."""
        fields = self.template.body(phone, text)
        if self._client.is_closed:
            self._fail("the sender is closed", None)
        try:
            if self.template.form:
                response = self._client.post(self.url, data=fields, headers=self._headers)
            else:
                response = self._client.post(self.url, json=fields, headers=self._headers)
        except httpx.HTTPError as error:
            self._fail(f"{type(error).__name__}: {error}", error)
        if not response.is_success:
            self._fail(f"HTTP {response.status_code}", None)

    def _fail(self, why: str, cause: Exception | None) -> NoReturn:
        failure = message("sms_failed", reason=f"{self.url}: {why}")
        raise DeliveryFailed(failure, field="sms") from cause

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()


def gateway_of(url: str) -> tuple[str, str, Template]:
    """The endpoint of an ``smsgw:`` URL, the variable holding its token, its template."""
    target = url.removeprefix(f"{SCHEME}:")
    parts = urlsplit(target)
    if target == url or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AdapterError(message("adapter_url", url=url), field="sms")
    query = parse_qsl(parts.query, keep_blank_values=True)
    options = {name: value for name, value in query if name in _OPTIONS}
    template = Template(
        to_field=options.get("to_field", "to"),
        text_field=options.get("text_field", "text"),
        form=_flag(url, options.get("form", "")),
        unaccented=_flag(url, options.get("unaccented", "")),
    )
    variable = options.get("token_env", TOKEN_ENV)
    if not (variable and template.to_field and template.text_field):
        raise AdapterError(message("adapter_url", url=url), field="sms")
    if template.to_field == template.text_field:
        raise AdapterError(message("adapter_url", url=url), field="sms")
    rest = urlencode([(name, value) for name, value in query if name not in _OPTIONS])
    return urlunsplit(parts._replace(query=rest)), variable, template


def _flag(url: str, value: str) -> bool:
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise AdapterError(message("adapter_url", url=url), field="sms")
