"""Settings: the server key."""

import pytest

from feedback_core import Settings
from feedback_core.testing.world import SECRET_KEY


def test_the_server_key_has_at_least_16_bytes():
    with pytest.raises(ValueError, match="16"):
        Settings(secret_key=b"short")
    assert b"k" * 16 == Settings(secret_key=b"k" * 16).secret_key


def test_the_server_key_is_not_in_the_settings_repr():
    assert repr(SECRET_KEY) not in repr(Settings(secret_key=SECRET_KEY))
