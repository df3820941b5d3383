"""The service desk: tickets, SLAs, routing, CSAT, the knowledge base and the customer portal.

One organising rule: the package root holds the ticket itself, which every feature acts on — its tables
(`models`), SQL and statement builders (`repository`), row scope (`scopes`), queues (`queues`), GraphQL types
and root fields, live events (`events`, `live`, `subscriptions`) and the `manifest` naming everything the
domain adds. Each feature is a subpackage with the usual file names (`service`, `repository`, `types`,
`inputs`, `queries`, `mutations`, `jobs`, as it needs them): `workflow` (opening, routing, working and closing
tickets), `sla`, `kb`, `survey`, `portal`, `stats` and `admin` (the desk's rules).
"""
