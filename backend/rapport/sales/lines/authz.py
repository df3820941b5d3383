"""What the line inputs write, for the enforcement layer (merged into the sales manifest's input targets)."""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget

INPUT_TARGETS = {
    "OpportunityLinesSetInput": InputTarget("Opportunity", {"lines": "lines"}),
    "OpportunityLineInput": InputTarget("OpportunityLine"),
}
