"""Normalising contact points and making search tokens that work for Chinese and Latin text."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

DEFAULT_REGION = "CN"
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidPhoneError(ValueError):
    """The text is not a phone number; give the digits with an optional +country code."""


class InvalidEmailError(ValueError):
    """The text is not an email address."""


#: Chinese mobile numbers, alone or in E.164 form: what most numbers in a Chinese CRM are, and what an import's
#: rows hold by the hundred thousand. Their E.164 form is known without parsing (the same as `phonenumbers` gives;
#: a national number starting 179 is left to it, as 179xx is also a carrier prefix it strips).
_CN_MOBILE = re.compile(r"\+86(1[3-9]\d{9})|(1(?:[3-68-9]\d|7[0-8])\d{8})")


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form (`+8613812345678`); numbers without a country code are read as `region` numbers."""
    text = raw.strip()
    mobile = _CN_MOBILE.fullmatch(text)
    if mobile is not None and (mobile.group(1) or region == "CN"):
        return "+86" + (mobile.group(1) or mobile.group(2))
    if not text or not re.search(r"\d", text):
        raise InvalidPhoneError(f"{raw!r} is not a phone number")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneError(f"{raw!r} is not a phone number") from error
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhoneError(f"{raw!r} is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def whole_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form when the text is a complete, valid phone number; None for fragments."""
    if len(digits(raw)) < 7:
        return None
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """Lower case, without surrounding spaces; raises InvalidEmailError when it is not an address."""
    email = raw.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise InvalidEmailError(f"{raw!r} is not an email address")
    return email


def fold(text: str) -> str:
    """Case- and width-folded text (full-width Latin becomes ASCII) with single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _grams(word: str) -> set[str]:
    if len(word) == 1:
        return {word}
    grams = {word[i : i + 2] for i in range(len(word) - 1)}
    if any(_is_cjk(ch) for ch in word):
        grams |= set(word)  # single Chinese characters are meaningful: 张 finds 张伟
    return grams


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def search_tokens(*texts: str | None) -> list[str]:
    """Index tokens of some texts: character bigrams of each word, plus single Chinese characters."""
    tokens: set[str] = set()
    for text in texts:
        if text:
            for word in _WORD.findall(fold(text)):
                tokens |= _grams(word)
    return sorted(tokens)


def query_tokens(query: str) -> list[str]:
    """Tokens that every match of `query` must contain (a subset of the match's search_tokens)."""
    tokens: set[str] = set()
    for word in _WORD.findall(fold(query)):
        if len(word) == 1:
            tokens.add(word)
        else:
            tokens |= {word[i : i + 2] for i in range(len(word) - 1)}
    return sorted(tokens)


def digits(text: str) -> str:
    """Only the digits of a text."""
    return "".join(ch for ch in text if ch.isdigit())


def looks_like_phone_fragment(query: str) -> bool:
    """True for queries such as `5678`, `138 1234 5678` or `+86 138...` (digits, spaces, dashes, plus)."""
    return bool(re.fullmatch(r"[+\d][\d\s\-()]*", query.strip())) and len(digits(query)) >= 4


def looks_like_email(query: str) -> bool:
    """True when the query is a whole email address."""
    return bool(_EMAIL.match(query.strip().lower()))


SEARCH_MAX_LENGTH = 100


def search_kind(query: str) -> str | None:
    """What a customer search will match on: "phone", "email", "name", or None for an empty search.

    The one reading of a search text: the search itself (`customers.service.prepare_search`) and the
    authorization rule that decides which fields it reads (`customers.authz`) both call this, on the same text,
    so no spelling, padding or length can make them disagree. Texts past SEARCH_MAX_LENGTH are refused before
    they get here (the input limits); a longer one is read as a whole all the same, never cut.
    """
    text = query.strip()
    if not text:
        return None
    if looks_like_phone_fragment(text):
        return "phone"
    if looks_like_email(text):
        return "email"
    return "name"
