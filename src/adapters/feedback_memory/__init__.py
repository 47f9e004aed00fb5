"""In-memory adapters: a thread-safe store and a recording SMS sender, for tests and demos."""

from feedback_memory.sms import RecordingSmsSender, SentSms
from feedback_memory.store import MemoryStorage

__all__ = ["MemoryStorage", "RecordingSmsSender", "SentSms"]
