"""The executor that holds every object selection it runs to the caller's policy (the execution-time check).

The enforcement layer decides before execution (`core.authz.enforce.FieldGuard`); this executor checks again as
it runs, on the fields it actually collected for each object type with the coerced variables, so that a
pre-check that is ever wrong fails closed: the selection answers FORBIDDEN instead of data. The check is one
comparison per distinct (policy, object type, selection), memoised, so a list of a hundred rows costs one check.
The policy is read from the context at each check: a subscription's context that is re-authorized between events
is held to its new policy from the next event on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError, GraphQLObjectType
from graphql.execution.collect_fields import CollectedFields, DeferUsage, FieldDetails, GroupedFieldSet
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from rapport.core.authz.enforce import abstract_positions, check_selection, forbidden_error
from rapport.core.authz.policy import PrincipalPolicy


class GuardedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with the policy checked on every collected selection."""

    _checked: dict[tuple[int, str, int], tuple[PrincipalPolicy, list[str]]]

    def _positions(self) -> set[int]:
        known: set[int] | None = self.__dict__.get("_abstract_positions")
        if known is None:
            known = abstract_positions(self.schema, self.operation, self.fragment_definitions.values())
            self.__dict__["_abstract_positions"] = known
        return known

    def _policy(self) -> PrincipalPolicy | None:
        return getattr(self.context_value, "policy", None)

    def _check(self, parent: GraphQLObjectType, fields: GroupedFieldSet, key: int | None) -> GraphQLError | None:
        """FORBIDDEN when the policy in force denies part of this selection.

        `key` identifies a selection that stays alive for the whole execution (graphql-core memoises subfields
        by the identity of their field list and keeps the list); root selections are checked each time.
        """
        policy = self._policy()
        if policy is None:
            # Every Rapport context carries a policy; anything else is not ours to run unchecked.
            return forbidden_error(["execute without a policy"])
        if key is None:
            problems = check_selection(self.schema, policy, parent, fields, self.variable_values, self._positions)
        else:
            checked = self.__dict__.setdefault("_checked", {})  # shared by a subscription's per-event copies
            memo = (id(policy), parent.name, key)
            found = checked.get(memo)
            if found is None or found[0] is not policy:  # the entry keeps its policy alive: ids stay unique
                found = (
                    policy,
                    check_selection(self.schema, policy, parent, fields, self.variable_values, self._positions),
                )
                checked[memo] = found
            problems = found[1]
        return forbidden_error(problems) if problems else None

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        new_defer_usages: Sequence[DeferUsage],
    ) -> Any:
        error = self._check(root_type, grouped_field_set, None)
        if error is not None:
            raise error
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: list[FieldDetails]
    ) -> CollectedFields:
        collected = super().collect_subfields(return_type, field_details_list)
        error = self._check(return_type, collected.grouped_field_set, id(field_details_list))
        if error is not None:
            raise error
        return collected
