"""`normalise_phone` answers Chinese mobile numbers without parsing them (an import normalises hundreds of thousands):
the answer must be exactly what `phonenumbers` gives, for every form and region, or the blind index of a phone
imported from a file would differ from the same phone typed in the web app."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.core.text import InvalidPhoneError, normalise_phone


def _by_phonenumbers(raw: str, region: str) -> str | None:
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ours(raw: str, region: str) -> str | None:
    try:
        return normalise_phone(raw, region)
    except InvalidPhoneError:
        return None


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("0123456789"),
    st.text("0123456789", min_size=8, max_size=10),
)


@settings(max_examples=3000, deadline=None)
@given(
    number=mobiles,
    form=st.sampled_from(["{n}", "+86{n}", " {n} ", "+86 {n}", "0086{n}", "+{n}"]),
    region=st.sampled_from(["CN", "US", "GB"]),
)
def test_the_fast_path_answers_as_phonenumbers_does(number: str, form: str, region: str) -> None:
    raw = form.format(n=number)
    assert _ours(raw, region) == _by_phonenumbers(raw, region)


def test_carrier_prefixed_numbers_are_left_to_phonenumbers() -> None:
    """179xx is a carrier prefix in China as well as a mobile range: the national form is parsed, not guessed."""
    assert _ours("17942009332", "CN") == _by_phonenumbers("17942009332", "CN")
    assert _ours("+8617942009332", "CN") == "+8617942009332"
