"""Events published to an MQTT broker with QoS 1, each confirmed by the broker's PUBACK.

`deliver` returns only once the broker acknowledged every message of the event, so the
outbox marks delivered only what the broker took. paho's network thread keeps the
connection and reconnects on its own; while it is down, `deliver` fails at once with
DeliveryFailed (and the outbox retries later) rather than wait for it.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import TYPE_CHECKING, Final

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode

from feedback_core.alerts.events import AlertActivated
from feedback_core.errors import DeliveryFailed
from feedback_core.messages import message
from feedback_mqtt.config import MqttSettings
from feedback_mqtt.topics import ENDED, publications

if TYPE_CHECKING:
    import uuid

    from paho.mqtt.reasoncodes import ReasonCode

    from feedback_core.events import Event
    from feedback_mqtt.topics import Publication

KEEPALIVE: Final = 30
RECONNECT_DELAYS: Final = (1, 30)  # seconds: the first retry, and the longest wait
_SLICE: Final = 0.05  # how often a wait for a PUBACK checks that the connection holds


class MqttTransport:
    """Publishes each event on the topic scheme of `feedback_mqtt.topics`."""

    def __init__(self, settings: MqttSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._problem = "not connected yet"
        self._tried = threading.Event()  # the first connection attempt ended, either way
        self._closed = False
        # Alerts seen to end: an activation retried after the alert ended is not retained.
        self._ended: set[uuid.UUID] = set()
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"feedback-core-{secrets.token_hex(6)}",
            clean_session=True,
        )
        client.reconnect_delay_set(*RECONNECT_DELAYS)
        if settings.username is not None:
            client.username_pw_set(settings.username, settings.password)
        if settings.tls:
            client.tls_set()
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        self.client = client
        client.connect_async(settings.host, settings.port, KEEPALIVE)
        client.loop_start()

    @classmethod
    def from_url(cls, url: str) -> MqttTransport:
        """``mqtt://broker:1883/<prefix>`` or ``mqtts://``; see `MqttSettings.from_url`."""
        return cls(MqttSettings.from_url(url))

    @property
    def prefix(self) -> str:
        """The topic prefix every message is published under."""
        return self.settings.prefix

    def deliver(self, event: Event) -> None:
        """Publish the event (and an alert's retained state); return once the broker took it."""
        if not self._connected():
            self._fail(self._problem)
        # All of the event's messages go out before the first PUBACK is awaited: an
        # activation (event and retained state) costs one round trip, not two.
        for sent in [self._send(item) for item in self._plan(event)]:
            self._confirm(sent)
        if isinstance(event, ENDED):
            with self._lock:
                self._ended.add(event.alert_id)

    def close(self) -> None:
        """Disconnect cleanly and stop the network thread; later deliveries fail."""
        self._closed = True
        self._problem = "the transport is closed"
        self.client.disconnect()
        self.client.loop_stop()

    def _plan(self, event: Event) -> list[Publication]:
        items = publications(self.prefix, event)
        with self._lock:
            late = isinstance(event, AlertActivated) and event.alert_id in self._ended
        return items[:1] if late else items

    def _connected(self) -> bool:
        if self._closed:
            return False
        self._tried.wait(self.settings.timeout)
        return self.client.is_connected()

    def _send(self, item: Publication) -> mqtt.MQTTMessageInfo:
        info = self.client.publish(item.topic, item.payload, qos=1, retain=item.retain)
        if info.rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
            self._fail(mqtt.error_string(info.rc))
        return info

    def _confirm(self, info: mqtt.MQTTMessageInfo) -> None:
        deadline = time.monotonic() + self.settings.timeout
        while not info.is_published():
            if not self.client.is_connected():
                self._fail(f"connection lost: {self._problem}")
            if time.monotonic() > deadline:
                self._fail(f"no PUBACK within {self.settings.timeout:g}s")
            try:
                info.wait_for_publish(_SLICE)
            except (RuntimeError, ValueError) as error:
                self._fail(str(error))

    def _fail(self, reason: str) -> None:
        where = f"mqtt {self.settings.host}:{self.settings.port}"
        failure = message("transport_failed", reason=f"{where}: {reason}")
        raise DeliveryFailed(failure, field="transports")

    # paho's callbacks, on its network thread ----------------------------------------------

    def _on_connect(
        self, _client: object, _userdata: object, _flags: object, reason: ReasonCode, _props: object
    ) -> None:
        if reason.is_failure:
            self._problem = f"the broker refused the connection: {reason}"
        self._tried.set()

    def _on_connect_fail(self, _client: object, _userdata: object) -> None:
        self._problem = "the broker cannot be reached"
        self._tried.set()

    def _on_disconnect(
        self, _client: object, _userdata: object, _flags: object, reason: ReasonCode, _props: object
    ) -> None:
        if not self._closed:
            self._problem = f"disconnected: {reason}"
        self._tried.set()
