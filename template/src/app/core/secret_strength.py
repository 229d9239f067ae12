"""Whether a signing key looks random enough to deploy with.

A key that signs access tokens is only as strong as it is unpredictable. The checks catch
what operators actually paste: a placeholder from an example file (also with a character
or two added to get past a length check), a repeated character, or words. They cannot
prove randomness; `just secret` (48 random bytes, URL-safe) always passes them.
"""

import math
import re
from collections import Counter

# Normalised (lower case, letters and digits only) fragments of known placeholders; a key
# containing one is refused whatever else it holds.
PLACEHOLDER_FRAGMENTS = (
    "changeme",
    "replaceme",
    "devsecretkey",
    "yoursecretkey",
    "secretkeyhere",
    "atleast32randomcharacters",
    "randomcharacters",
    "placeholder",
    "insecure",
)
# The estimate undercounts short keys: 32 random hex digits (128 real bits) score 90-120.
MIN_ENTROPY_BITS = 80.0
MIN_CHARACTER_CLASSES = 2
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")


def estimated_entropy_bits(key: str) -> float:
    """The key's length times the Shannon entropy of its own characters: low for repeats
    and small alphabets, about 5.4 bits a character for `secrets.token_urlsafe`."""
    counts = Counter(key)
    per_character = -sum((n / len(key)) * math.log2(n / len(key)) for n in counts.values())
    return per_character * len(key)


def character_classes(key: str) -> int:
    return sum(
        (
            any(c.islower() for c in key),
            any(c.isupper() for c in key),
            any(c.isdigit() for c in key),
            any(not c.isalnum() for c in key),
        )
    )


def weak_secret_reason(key: str, min_length: int, *, strict: bool) -> str | None:
    """Why `key` must not sign tokens, or None; `strict` adds the randomness checks."""
    if len(key) < min_length:
        return f"it has {len(key)} characters"
    if not strict:
        return None
    normalised = _NOT_ALPHANUMERIC.sub("", key.lower())
    if any(fragment in normalised for fragment in PLACEHOLDER_FRAGMENTS):
        return "it looks like a placeholder"
    if character_classes(key) < MIN_CHARACTER_CLASSES:
        return "it uses a single kind of character"
    if estimated_entropy_bits(key) < MIN_ENTROPY_BITS:
        return "it is too predictable"
    return None
