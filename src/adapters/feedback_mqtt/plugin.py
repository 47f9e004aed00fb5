"""Registers the ``mqtt:`` and ``mqtts:`` transports.

paho-mqtt comes with the ``mqtt`` extra. It is imported only when such a URL is opened, so
feedback-core installed without the extra still loads every plugin; opening the URL then
says which extra to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from feedback_core import hookimpl
from feedback_core.plugin.registry import driver_of_extra

if TYPE_CHECKING:
    from feedback_core.plugin.registry import AdapterRegistry
    from feedback_core.ports import Transport

SCHEMES: Final = ("mqtt", "mqtts")


def open_transport(url: str) -> Transport:
    """The transport for ``url``; AdapterError naming the extra if paho-mqtt is missing."""
    scheme = url.partition(":")[0]
    with driver_of_extra("mqtt", ("paho",), scheme=scheme, port="transports"):
        from feedback_mqtt.transport import MqttTransport  # noqa: PLC0415 - see module doc
    return MqttTransport.from_url(url)


@hookimpl(trylast=True)  # a built-in: any installed plugin may serve its schemes
def feedback_register_adapters(registry: AdapterRegistry) -> None:
    """``transports=["mqtt://broker:1883/feedback"]`` (or ``mqtts://``)."""
    for scheme in SCHEMES:
        registry.add_transport(scheme, open_transport)
