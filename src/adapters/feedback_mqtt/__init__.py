"""An MQTT transport (paho-mqtt 2, QoS 1) with the retained state of the alerts in force.

`MqttTransport` needs the ``mqtt`` extra; import it from `feedback_mqtt.transport`.
The topic scheme is in `feedback_mqtt.topics`.
"""

from feedback_mqtt.config import MqttSettings
from feedback_mqtt.topics import Publication, active_topic, event_topic, publications

__all__ = ["MqttSettings", "Publication", "active_topic", "event_topic", "publications"]
