"""Redaction of sensitive values for viewers with masked access (the way Chinese CRMs show them)."""

from __future__ import annotations

import phonenumbers


def mask_phone(value: str) -> str:
    """`+8613812345678` -> `138****5678`: the national number with its middle digits hidden."""
    try:
        national = str(phonenumbers.parse(value, None).national_number)
    except phonenumbers.NumberParseException:
        national = "".join(ch for ch in value if ch.isdigit())
    if len(national) <= 7:
        return "*" * max(0, len(national) - 2) + national[-2:]
    return f"{national[:3]}{'*' * (len(national) - 7)}{national[-4:]}"


def mask_email(value: str) -> str:
    """`zhang.wei@example.com` -> `z***@example.com`."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_id_number(value: str) -> str:
    """All but the last four characters hidden."""
    return "*" * max(0, len(value) - 4) + value[-4:]


def mask_address(value: str) -> str:
    """The first six characters (district level), the rest hidden."""
    return value[:6] + "****" if len(value) > 6 else "****"


#: `Type.field` -> how its values are masked. Only these fields may be given masked access.
MASKS = {
    "Contact.phones": mask_phone,
    "Contact.emails": mask_email,
    "Customer.idNumber": mask_id_number,
    "Customer.address": mask_address,
}
