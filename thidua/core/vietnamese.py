"""Vietnamese text: folding for diacritics-insensitive search and a sort key for the Vietnamese alphabet.

PostgreSQL does both natively (the unaccent extension, the ICU collation vi-x-icu); on SQLite the same
SQL names are registered as Python functions so that one query works on both databases.
"""

import functools
import unicodedata

COLLATION = "vi-x-icu"

# The Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z for loanwords).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# What ICU puts before the letters, in its order: white space, punctuation and symbols, then the digits.
_SYMBOLS = "\t\n\r _-–—,;:!?.…'‘’\"“”«»()[]{}§@*/\\&#%`^°+×<=>|~$€"
_DIGITS = "0123456789"
_PRIMARY = {ch: rank for rank, ch in enumerate(_SYMBOLS + _DIGITS + _ALPHABET, start=1)}
_LETTER_AT = {rank: ch for ch, rank in _PRIMARY.items() if ch in _ALPHABET}
_FIRST_DIGIT = _PRIMARY["0"]
_AFTER_ALPHABET = len(_PRIMARY) + 1
_UNICODE_SIZE = 0x110000
# Tone marks, in dictionary order: (ngang), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of its own (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def fold(text: str | None) -> str | None:
    """Lower-case, strip every diacritic, đ → d: "Đường Pháp luật" → "duong phap luat"."""
    if text is None:
        return None
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def unaccent(text: str | None) -> str | None:
    """What PostgreSQL's unaccent() returns: diacritics removed, case kept."""
    if text is None:
        return None
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _primary(ch: str) -> float:
    lower = ch.lower()
    if lower in _PRIMARY:
        return _PRIMARY[lower]
    if ch.isdigit():
        return _PRIMARY[str(unicodedata.digit(ch, 0))]
    if lower.isalpha():
        return _AFTER_ALPHABET + ord(lower)
    # Any other symbol: after the known ones, before the digits, by code point.
    return _FIRST_DIGIT - 1 + ord(ch) / _UNICODE_SIZE


# SQLite calls the collation once per comparison; names repeat, so the keys are worth keeping.
@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """ICU's order for Vietnamese (PostgreSQL's "vi-x-icu"), compared level by level across the whole text.

    First the letters, where ă, â, đ, ê, ô, ơ, ư are letters of their own and white space, punctuation and
    digits come before any letter; then the tones (ngang, huyền, hỏi, ngã, sắc, nặng); then the case, lower
    before upper; last the code points, as PostgreSQL breaks the remaining ties byte by byte.
    """
    primary: list[float] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if ch in _LETTER_MARKS and primary and primary[-1] in _LETTER_AT:
                composed = unicodedata.normalize("NFC", _LETTER_AT[primary[-1]] + ch)
                if composed in _PRIMARY:
                    primary[-1] = _PRIMARY[composed]
                    continue
            # A tone, or any other accent (after the tones), weighs only at the second level.
            secondary.append(_TONES.get(ch, 6 + ord(ch)))
            continue
        primary.append(_primary(ch))
        secondary.append(0)
        tertiary.append(0 if ch == ch.lower() else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def _sqlite_collate(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """On SQLite, provide unaccent() and the vi-x-icu collation that PostgreSQL has built in."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("unaccent", 1, unaccent, deterministic=True)
    raw.create_collation(COLLATION, _sqlite_collate)
