"""What identity inputs write, for the enforcement layer (listed in the identity manifest)."""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget

INPUT_TARGETS = {
    "UserCreateInput": InputTarget("User", {"password": None}),
    "ApiTokenCreateInput": InputTarget("ApiToken"),
}
