"""Saved connection profiles: the model, its validation, the store (file + keychain) and a Qt model."""

from explorer.profiles.choices import SASL_MECHANISMS, SECRET_FIELDS, SECURITY_PROTOCOLS
from explorer.profiles.model import ConnectionProfile, ProfileFormatError, default_profile
from explorer.profiles.store import ProfileStore, ProfileStoreError

__all__ = [
    "SASL_MECHANISMS",
    "SECRET_FIELDS",
    "SECURITY_PROTOCOLS",
    "ConnectionProfile",
    "ProfileFormatError",
    "ProfileStore",
    "ProfileStoreError",
    "default_profile",
]
