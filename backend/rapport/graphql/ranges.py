"""Declared ranges of every `Int` argument and input field, checked on the coerced arguments before execution.

GraphQL's `Int` is any 32-bit integer; what Rapport does with one is narrower (a year becomes a date, days become
an interval, a star rating goes into a small column, an offset into `OFFSET`). Each `Int` of the schema declares
here the values the API accepts at all; a value outside answers BAD_USER_INPUT before any resolver or SQL runs,
whether it came as a literal, a variable or a variable's default, at any depth of an input object or list. Rules
of the business inside that range (a warning period shorter than the pool period...) still answer `userErrors`.

The ranges are checked where every input is checked, on the coerced values (`rapport.graphql.limits.inputs`);
`tests/graphql/test_ranges.py` fails when an `Int` of the schema has no declared range.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from rapport.core.i18n import Message, msg

INT_MAX = 2**31 - 1
#: Pagination arguments of every connection and list: 0 to the configured page size (GRAPHQL_MAX_PAGE_SIZE).
PAGE_ARGUMENTS = frozenset({"first", "last"})
#: A version the caller read (optimistic concurrency): any non-negative Int; a stale one answers CONFLICT.
VERSION = (0, INT_MAX)
POSITION = (0, 1_000_000)
DAYS = (0, 3_650)

#: Coordinates (`Type.field(argument:)` or `InputType.field`) and their inclusive ranges. Where a rule of the
#: business is narrower and answers `userErrors`, the declared range is wider on purpose (see the module).
INT_RANGES: dict[str, tuple[int, int]] = {
    "Query.kbSearch(offset:)": (0, 10_000),
    "Query.poolWatchlist(withinDays:)": (1, 60),
    "Query.salesTargets(year:)": (1900, 2200),
    "Query.marketingFigures(lookbackDays:)": (1, 365),
    "Query.marketingFigures(halfLifeDays:)": (1, 365),
    "Query.marketingAttributionCompare(lookbackDays:)": (1, 365),
    "Query.marketingAttributionCompare(halfLifeDays:)": (1, 365),
    "Query.conversionTouches(lookbackDays:)": (1, 365),
    "Query.conversionTouches(halfLifeDays:)": (1, 365),
    "Mutation.autoCloseDaysSet(days:)": DAYS,  # 1 to 90 by rule (userErrors)
    # dashboard layouts: the grid's rules (12 columns...) answer userErrors naming the widget
    "DashboardWidgetInput.x": (0, 100),
    "DashboardWidgetInput.y": (0, 10_000),
    "DashboardWidgetInput.w": (0, 100),
    "DashboardWidgetInput.h": (0, 1_000),
    "DashboardLayoutSaveInput.version": VERSION,
    "DashboardLayoutPublishInput.version": VERSION,
    "UserUpdateInput.version": VERSION,
    "TeamSaveInput.version": VERSION,
    "WebhookEndpointUpdateInput.version": VERSION,
    "CustomerUpdateInput.version": VERSION,
    "CustomerUpsertInput.version": VERSION,
    "TicketUpsertInput.version": VERSION,
    # an order line from another system: the service refuses 0 and more than 1,000,000 with the row's field
    "OrderLineInput.quantity": (0, 1_000_000),
    "CustomerVersionInput.version": VERSION,
    "ContactUpdateInput.version": VERSION,
    "ContactDeleteInput.version": VERSION,
    "TaskCompleteInput.version": VERSION,
    "TicketAssignInput.version": VERSION,
    "TicketActionInput.version": VERSION,
    "TicketRateInput.rating": (1, 5),
    "SurveySubmitInput.rating": (1, 5),
    "KbArticleSaveInput.version": VERSION,
    "SegmentSaveInput.version": VERSION,
    "SegmentDeleteInput.version": VERSION,
    "RoutingRuleInput.version": VERSION,
    "RoutingRuleInput.position": POSITION,
    "SlaPolicyInput.version": VERSION,
    "SlaPolicyInput.position": POSITION,
    "SlaPolicyInput.firstResponseMinutes": (1, 525_600),  # up to a year
    "SlaPolicyInput.resolutionMinutes": (1, 525_600),
    "BusinessCalendarInput.version": VERSION,
    "BusinessCalendarInput.workingDays": (1, 7),
    "AgentProfileInput.maxOpen": (0, 10_000),  # at least 1 by rule (userErrors)
    "LeadCreateInput.score": (0, 100),
    "OpportunityUpdateInput.version": VERSION,
    "OpportunityMoveStageInput.version": VERSION,
    "OpportunityLinesSetInput.version": VERSION,
    "OpportunityLineInput.quantity": (0, 100_000_000),  # 1 to 1,000,000 by rule (userErrors)
    "TaskUpdateInput.version": VERSION,
    "TaskReopenInput.version": VERSION,
    "LeadRuleInput.version": VERSION,
    "LeadRuleInput.position": POSITION,
    "PipelineStageInput.version": VERSION,
    "PipelineStageInput.position": POSITION,
    "PipelineStageInput.probability": (-1_000, 1_000),  # 0 to 100 by rule (userErrors)
    "PoolRuleInput.daysWithoutFollowUp": DAYS,
    "PoolRuleInput.warnDaysBefore": DAYS,
    "PoolRuleInput.dailyClaimLimit": (0, 1_000),
    "PoolRuleInput.reclaimCooldownDays": DAYS,
    "PoolRuleInput.exemptFromStagePosition": POSITION,
    "JourneySaveInput.version": VERSION,
    "JourneyStatusInput.version": VERSION,
    "JourneyDeleteInput.version": VERSION,
    "JourneyDryRunInput.limit": (1, 100),
    "CampaignSaveInput.version": VERSION,
    "MarketingSettingsInput.version": VERSION,
    "MarketingSettingsInput.frequencyCapCount": (0, 1_000),
    "MarketingSettingsInput.frequencyCapDays": (0, 3_650),
    "MarketingSettingsInput.approvalThreshold": (0, 100_000_000),
    "MarketingSettingsInput.emailPerSecond": (1, 1_000),
    "MarketingSettingsInput.smsPerSecond": (1, 1_000),
    "MarketingSettingsInput.wechatPerSecond": (1, 1_000),
}


def int_coordinates(schema: GraphQLSchema) -> Iterator[str]:
    """Every `Int` argument (but pagination's) and input field of the schema, as a coordinate."""
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(named, GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if get_named_type(field.type).name == "Int":
                    yield f"{type_name}.{field_name}"
        elif isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                for argument_name, argument in field.args.items():
                    if get_named_type(argument.type).name == "Int" and argument_name not in PAGE_ARGUMENTS:
                        yield f"{type_name}.{field_name}({argument_name}:)"


def int_range(coordinate: str, argument: str | None, max_page_size: int) -> tuple[int, int]:
    """The declared range of an argument (`Type.field`, `argument`) or input field (`Input.field`)."""
    if argument in PAGE_ARGUMENTS:
        return 0, max_page_size
    key = f"{coordinate}({argument}:)" if argument is not None else coordinate
    return INT_RANGES.get(key, (-INT_MAX - 1, INT_MAX))


def int_problem(value: int, declared: tuple[int, int], path: str) -> Message | None:
    """Why an Int is outside its declared range (a message for the caller, naming `path`), or None."""
    low, high = declared
    if low <= value <= high:
        return None
    if path in PAGE_ARGUMENTS:
        return msg("`{path}` must be between {low} and {high}; page with `after`.", path=path, low=low, high=high)
    return msg("`{path}` must be between {low} and {high}.", path=path, low=low, high=high)
