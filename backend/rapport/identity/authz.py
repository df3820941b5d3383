"""What identity inputs write, for the enforcement layer."""

from __future__ import annotations

from rapport.core.authz.rules import input_target

input_target("UserCreateInput", "User", password=None)
input_target("ApiTokenCreateInput", "ApiToken")
