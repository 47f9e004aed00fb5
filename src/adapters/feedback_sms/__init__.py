"""SMS senders and transports that need no gateway: the console and JSON-lines files."""

from feedback_sms.console import ConsoleSmsSender, ConsoleTransport
from feedback_sms.jsonl import FileSmsSender, JsonLinesTransport

__all__ = ["ConsoleSmsSender", "ConsoleTransport", "FileSmsSender", "JsonLinesTransport"]
