"""In-memory adapters: a thread-safe store, a recording SMS sender and a recording transport."""

from feedback_memory.sms import RecordingSmsSender, SentSms
from feedback_memory.store import MemoryStorage
from feedback_memory.transport import RecordingTransport

__all__ = ["MemoryStorage", "RecordingSmsSender", "RecordingTransport", "SentSms"]
