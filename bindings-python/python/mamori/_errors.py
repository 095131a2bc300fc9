"""The exceptions raised by mamori (re-exported by the ``mamori`` package)."""

from __future__ import annotations


class MamoriError(Exception):
    """Base class of every error mamori raises itself (I/O errors stay ``OSError``)."""


class ConfigError(MamoriError, ValueError):
    """An invalid scanner configuration: unknown kind or level, bad regex, empty or too
    long keyword, unknown policy field, context window out of range. Also a ``ValueError``."""


class StreamClosedError(MamoriError, ValueError):
    """``feed()`` or ``finish()`` on a stream that was finished or closed. Also a
    ``ValueError``, like I/O on a closed file."""
