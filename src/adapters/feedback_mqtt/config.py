"""``mqtt://host:port/<prefix>``, ``mqtts://``: the broker, and the login from the environment."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlsplit

import attrs

from feedback_core.errors import AdapterError
from feedback_core.messages import message

if TYPE_CHECKING:
    from collections.abc import Mapping

USERNAME_VARIABLE: Final = "FEEDBACK_MQTT_USERNAME"
PASSWORD_VARIABLE: Final = "FEEDBACK_MQTT_PASSWORD"  # noqa: S105 - a variable's name
DEFAULT_PORTS: Final = {"mqtt": 1883, "mqtts": 8883}
DEFAULT_PREFIX: Final = "feedback"
DEFAULT_TIMEOUT: Final = 5.0


@attrs.frozen
class MqttSettings:
    """Where the broker is, the topic prefix, and how long to wait for it."""

    host: str
    port: int = 1883
    prefix: str = DEFAULT_PREFIX
    tls: bool = False
    username: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for the broker's PUBACK (and for the first connection)."""

    @classmethod
    def from_url(cls, url: str, environ: Mapping[str, str] | None = None) -> MqttSettings:
        """``mqtt://broker:1883/feedback``, ``mqtts://broker/feedback?timeout=5``.

        The login comes from FEEDBACK_MQTT_USERNAME and FEEDBACK_MQTT_PASSWORD; a URL
        that carries one is refused, so no secret lands in a command line or a log.
        """
        env = os.environ if environ is None else environ
        bad = AdapterError(message("adapter_url", url=url), field="transports")
        try:
            parts = urlsplit(url)
            port = parts.port
            query = dict(parse_qsl(parts.query, strict_parsing=bool(parts.query)))
            timeout = float(query.pop("timeout", DEFAULT_TIMEOUT))
        except ValueError as error:
            raise bad from error
        prefix = parts.path.strip("/") or DEFAULT_PREFIX
        if (
            parts.scheme not in DEFAULT_PORTS
            or not parts.hostname
            or parts.username is not None
            or parts.password is not None
            or query
            or "#" in url  # a fragment, or a wildcard in the prefix
            or not 0 < timeout <= 60  # noqa: PLR2004 - a minute is already very long
            or not valid_prefix(prefix)
        ):
            raise bad
        return cls(
            parts.hostname,
            port or DEFAULT_PORTS[parts.scheme],
            prefix,
            tls=parts.scheme == "mqtts",
            username=env.get(USERNAME_VARIABLE) or None,
            password=env.get(PASSWORD_VARIABLE) or None,
            timeout=timeout,
        )


def valid_prefix(prefix: str) -> bool:
    """A topic prefix: no wildcards, no empty level, not a broker's ``$`` topic."""
    return (
        not prefix.startswith("$")
        and "+" not in prefix
        and "#" not in prefix
        and "\x00" not in prefix
        and all(prefix.split("/"))
    )
