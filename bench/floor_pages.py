"""The SQL floor of the app's pages (bench/app_pages.py): one hand-written statement per operation, returning the
operation's JSON straight from PostgreSQL (served by bench/floor.py as `POST /page/<name>`).

Like the other floor statements: no authorization (the role's row scope is written out as a condition, as in the
PostGraphile equivalents), no decryption (ciphertext as base64), raw UUIDs instead of global ids. The aggregates
and the pool watchlist are not here: their floor is Rapport's own single statement, taken from PostgreSQL's log
and run bare (`bench/floor_capture.py`), because what they compute (weighted forecasts, targets, attainment, pool
deadlines per rule) is defined once, in the repositories.

Each entry: name -> (SQL, the JSON body's keys bound as $1, $2, ...).
"""

from __future__ import annotations

_OPEN = "('new', 'assigned', 'in_progress', 'waiting', 'reopened')"

_USER = "(SELECT json_build_object('id', u.id, 'name', u.name) FROM app_user u WHERE u.id = {col})"
_CUSTOMER = "(SELECT json_build_object('id', k.id, 'name', k.name) FROM customer k WHERE k.id = {col})"


def _user(col: str) -> str:
    return _USER.format(col=col)


def _customer(col: str) -> str:
    return _CUSTOMER.format(col=col)


_TAGS = """(SELECT coalesce(json_agg(json_build_object('color', t.color, 'id', t.id, 'name', t.name)
             ORDER BY t.name, t.id), '[]') FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id
             WHERE ct.customer_id = c.id)"""

CUSTOMER_360 = f"""
SELECT json_build_object('customer', json_build_object(
  'address', encode(c.address_enc, 'base64'), 'archivedAt', c.archived_at, 'birthDate', c.birth_date, 'city', c.city,
  'createdAt', c.created_at, 'creditRating', c.credit_rating, 'education', c.education, 'gender', c.gender,
  'grade', c.grade, 'id', c.id, 'industry', c.industry, 'kind', c.kind, 'lastActivityAt', c.last_activity_at,
  'lastFollowUpAt', c.last_follow_up_at, 'maritalStatus', c.marital_status, 'name', c.name,
  'occupation', c.occupation, 'poolStatus', c.pool_status, 'province', c.province, 'riskLevel', c.risk_level,
  'size', c.size, 'source', c.source, 'status', c.status, 'version', c.version,
  'ageBand', CASE WHEN c.birth_date IS NULL THEN NULL
                  ELSE (extract(year FROM age(c.birth_date))::int / 10 * 10)::text || 's' END,
  'poolDaysLeft', CASE WHEN c.pool_status = 'private' AND c.owner_id IS NOT NULL THEN greatest(0, ceil(extract(epoch FROM
      coalesce(c.last_follow_up_at, c.owned_since, c.created_at)
      + make_interval(days => coalesce((SELECT r.days_without_follow_up FROM pool_rule r WHERE r.grade = c.grade),
                                        (SELECT r.days_without_follow_up FROM pool_rule r WHERE r.grade IS NULL), 30))
      - now()) / 86400))::int END,
  'contacts', (SELECT coalesce(json_agg(json_build_object('emails', encode(k.emails_enc, 'base64'), 'id', k.id,
                 'isPrimary', k.is_primary, 'language', k.language, 'name', k.name,
                 'phones', encode(k.phones_enc, 'base64'), 'title', k.title, 'version', k.version)
                 ORDER BY k.is_primary DESC, k.name, k.id), '[]') FROM contact k WHERE k.customer_id = c.id),
  'contributionRank', json_build_object('overall', s.revenue_rank, 'withinRegion', s.region_revenue_rank),
  'lifetimeValue', coalesce(s.lifetime_value, 0),
  'rfm', CASE WHEN s.customer_id IS NULL THEN NULL
              ELSE json_build_object('score', s.r_score::text || s.f_score::text || s.m_score::text,
                                     'segment', s.segment) END,
  'opportunities', (SELECT coalesce(json_agg(json_build_object('amount', o.amount, 'expectedClose', o.expected_close,
                      'id', o.id, 'name', o.name, 'stage', json_build_object('id', st.id, 'name', st.name),
                      'status', o.status) ORDER BY o.created_at DESC, o.id DESC), '[]')
                    FROM opportunity o JOIN pipeline_stage st ON st.id = o.stage_id WHERE o.customer_id = c.id),
  'orderSummary', (SELECT json_build_object('count', count(*), 'lastOrderAt', max(so.ordered_at),
                     'totalAmount', coalesce(sum(so.total_amount), 0)) FROM sales_order so WHERE so.customer_id = c.id),
  'orders', json_build_object(
     'nodes', (SELECT coalesce(json_agg(json_build_object('id', so.id, 'orderedAt', so.ordered_at, 'status', so.status,
                 'totalAmount', so.total_amount) ORDER BY so.ordered_at DESC, so.id DESC), '[]')
               FROM (SELECT * FROM sales_order WHERE customer_id = c.id ORDER BY ordered_at DESC, id DESC LIMIT 100) so),
     'totalCount', (SELECT count(*) FROM sales_order so WHERE so.customer_id = c.id)),
  'owner', {_user("c.owner_id")},
  'tags', {_TAGS},
  'tasks', (SELECT coalesce(json_agg(json_build_object('assignee', {_user("ta.assignee_id")},
              'opportunity', (SELECT json_build_object('id', o.id, 'name', o.name) FROM opportunity o
                              WHERE o.id = ta.opportunity_id),
              'done', ta.done_at IS NOT NULL, 'doneAt', ta.done_at, 'dueAt', ta.due_at, 'id', ta.id, 'notes', ta.notes,
              'remindAt', ta.remind_at, 'title', ta.title, 'version', ta.version)
              ORDER BY ta.due_at, ta.id), '[]') FROM task ta WHERE ta.customer_id = c.id AND ta.done_at IS NULL),
  'team', (SELECT json_build_object('id', tm.id, 'name', tm.name) FROM team tm WHERE tm.id = c.team_id),
  'tickets', (SELECT coalesce(json_agg(json_build_object('createdAt', x.created_at, 'id', x.id, 'number', x.number,
                'priority', x.priority, 'status', x.status, 'subject', x.subject) ORDER BY x.created_at DESC, x.id DESC),
                '[]') FROM ticket x WHERE x.customer_id = c.id AND x.status IN {_OPEN})
))::text
FROM customer c LEFT JOIN customer_score s ON s.customer_id = c.id WHERE c.id = $1
"""

TIMELINE = f"""
SELECT json_build_object('customer', json_build_object('id', $1::uuid, 'timeline', json_build_object(
  'edges', coalesce(json_agg(json_build_object('cursor', e.at, 'node', e.node) ORDER BY e.at DESC, e.key DESC), '[]'),
  'pageInfo', json_build_object('endCursor', min(e.at), 'hasNextPage', false))))::text
FROM (
  (SELECT a.occurred_at AS at, a.id::text AS key, json_build_object('actor', {_user("a.actor_id")}, 'body', a.body,
     'contact', (SELECT json_build_object('id', k.id, 'name', k.name) FROM contact k WHERE k.id = a.contact_id),
     'id', a.id, 'activityKind', a.kind, 'occurredAt', a.occurred_at, 'outcome', a.outcome, 'subject', a.subject) AS node
   FROM activity a WHERE a.customer_id = $1 ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2)
  UNION ALL
  (SELECT so.ordered_at, so.id::text, json_build_object('currency', so.currency, 'id', so.id, 'number', so.number,
     'orderedAt', so.ordered_at, 'orderStatus', so.status, 'totalAmount', so.total_amount)
   FROM sales_order so WHERE so.customer_id = $1 ORDER BY so.ordered_at DESC, so.id DESC LIMIT $2)
  UNION ALL
  (SELECT x.created_at, x.id::text, json_build_object('createdAt', x.created_at, 'id', x.id, 'number', x.number,
     'ticketStatus', x.status, 'subject', x.subject)
   FROM ticket x WHERE x.customer_id = $1 ORDER BY x.created_at DESC, x.id DESC LIMIT $2)
  UNION ALL
  (SELECT sc.at, sc.id::text, json_build_object('actor', {_user("sc.actor_id")}, 'amount', sc.amount, 'at', sc.at,
     'fromStage', (SELECT json_build_object('id', p.id, 'name', p.name) FROM pipeline_stage p WHERE p.id = sc.from_stage_id),
     'opportunity', (SELECT json_build_object('id', o.id, 'name', o.name) FROM opportunity o WHERE o.id = sc.opportunity_id),
     'toStage', (SELECT json_build_object('id', p.id, 'name', p.name) FROM pipeline_stage p WHERE p.id = sc.to_stage_id))
   FROM stage_change sc WHERE sc.customer_id = $1 ORDER BY sc.at DESC, sc.id DESC LIMIT $2)
  UNION ALL
  (SELECT pm.at, pm.id::text, json_build_object('actor', {_user("pm.actor_id")}, 'at', pm.at, 'data', pm.data,
     'movementKind', pm.kind, 'user', {_user("pm.user_id")})
   FROM pool_movement pm WHERE pm.customer_id = $1 ORDER BY pm.at DESC, pm.id DESC LIMIT $2)
  ORDER BY 1 DESC, 2 DESC LIMIT $2
) e
"""

#: Rapport matches trade names, phones and e-mails in Python; the floor, like PostGraphile, matches the name.
DUPLICATES = f"""
SELECT json_build_object('customerDuplicates', coalesce(json_agg(json_build_object(
  'customer', json_build_object('createdAt', d.created_at, 'id', d.id, 'name', d.name, 'owner', {_user("d.owner_id")}),
  'reasons', json_build_array('NAME'), 'score', 1.0, 'tradeName', d.name) ORDER BY d.created_at, d.id), '[]'))::text
FROM (SELECT d.* FROM customer c JOIN customer d ON d.name = c.name AND d.id <> c.id AND d.merged_into_id IS NULL
      WHERE c.id = $1 ORDER BY d.created_at, d.id LIMIT 10) d
"""

_IN_TEAMS = "c.team_id = ANY($1::uuid[]) AND c.merged_into_id IS NULL AND c.archived_at IS NULL"

CUSTOMERS_LIST = f"""
SELECT json_build_object('customers', json_build_object(
  'nodes', (SELECT coalesce(json_agg(json_build_object('city', c.city, 'createdAt', c.created_at, 'grade', c.grade,
              'id', c.id, 'industry', c.industry, 'kind', c.kind, 'lastActivityAt', c.last_activity_at, 'name', c.name,
              'poolStatus', c.pool_status, 'province', c.province, 'status', c.status,
              'contacts', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'isPrimary', k.is_primary,
                             'name', k.name, 'phones', encode(k.phones_enc, 'base64'))
                             ORDER BY k.is_primary DESC, k.name, k.id), '[]') FROM contact k WHERE k.customer_id = c.id),
              'lifetimeValue', coalesce(s.lifetime_value, 0),
              'owner', {_user("c.owner_id")},
              'rfm', CASE WHEN s.customer_id IS NULL THEN NULL ELSE json_build_object('segment', s.segment) END,
              'tags', {_TAGS}) ORDER BY c.created_at DESC, c.id DESC), '[]')
            FROM (SELECT * FROM customer c WHERE {_IN_TEAMS} ORDER BY c.created_at DESC, c.id DESC LIMIT 20) c
            LEFT JOIN customer_score s ON s.customer_id = c.id),
  'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 20 FROM customer c WHERE {_IN_TEAMS})),
  'totalCount', (SELECT count(*) FROM customer c WHERE {_IN_TEAMS})))::text
"""

_GROUPS = """(SELECT json_build_object('groups', coalesce(json_agg(json_build_object('customers', g.n, 'key', g.key)
               ORDER BY g.n DESC, g.key), '[]')) FROM (SELECT c.{column} AS key, count(*) AS n FROM customer c
               WHERE {scope} GROUP BY c.{column}) g)"""

FILTER_OPTIONS = f"""
SELECT json_build_object(
  'provinces', {_GROUPS.format(column="province", scope=_IN_TEAMS)},
  'industries', {_GROUPS.format(column="industry", scope=_IN_TEAMS)},
  'salesForce', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name, u.id), '[]')
                 FROM app_user u WHERE u.team_id = ANY($1::uuid[]) AND u.active),
  'tags', (SELECT coalesce(json_agg(json_build_object('color', t.color, 'id', t.id, 'name', t.name)
                   ORDER BY t.name, t.id), '[]') FROM tag t))::text
"""

SALES_FORCE = """
SELECT json_build_object('salesForce', coalesce(json_agg(json_build_object('email', u.email, 'id', u.id, 'name', u.name,
  'team', (SELECT json_build_object('id', t.id, 'name', t.name) FROM team t WHERE t.id = u.team_id))
  ORDER BY u.name, u.id), '[]'))::text
FROM app_user u WHERE u.team_id = ANY($1::uuid[]) AND u.active
"""

STAGES = """
SELECT json_build_object('pipelineStages', coalesce(json_agg(json_build_object('approvalThreshold', s.approval_threshold,
  'id', s.id, 'isLost', s.is_lost, 'isWon', s.is_won, 'key', s.key, 'name', s.name, 'position', s.position,
  'probability', s.probability, 'requiresApproval', s.requires_approval) ORDER BY s.position), '[]'))::text
FROM pipeline_stage s
"""

_DEALS = "o.stage_id = $1 AND o.status = 'open' AND o.team_id = ANY($2::uuid[])"

PIPELINE_COLUMN = f"""
SELECT json_build_object('opportunities', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('amount', o.amount, 'customer', {_customer("o.customer_id")},
     'expectedClose', o.expected_close, 'id', o.id, 'name', o.name, 'owner', {_user("o.owner_id")},
     'pendingApproval', (SELECT json_build_object('id', a.id, 'status', a.status, 'toStage',
                           (SELECT json_build_object('id', p.id, 'key', p.key, 'name', p.name) FROM pipeline_stage p
                            WHERE p.id = a.to_stage_id)) FROM approval a
                         WHERE a.opportunity_id = o.id AND a.status = 'pending' ORDER BY a.created_at, a.id LIMIT 1),
     'stage', (SELECT json_build_object('id', p.id, 'key', p.key) FROM pipeline_stage p WHERE p.id = o.stage_id),
     'status', o.status, 'version', o.version) ORDER BY o.created_at DESC, o.id DESC), '[]'),
  'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 30 FROM opportunity o WHERE {_DEALS})),
  'totalCount', (SELECT count(*) FROM opportunity o WHERE {_DEALS})))::text
FROM (SELECT * FROM opportunity o WHERE {_DEALS} ORDER BY o.created_at DESC, o.id DESC LIMIT 30) o
"""

_TICKET_FIELDS = f"""'assignee', {_user("t.assignee_id")}, 'category', t.category, 'channel', t.channel,
  'createdAt', t.created_at, 'customer', {_customer("t.customer_id")}, 'escalationLevel', t.escalation_level,
  'firstRespondedAt', t.first_responded_at, 'id', t.id, 'number', t.number, 'priority', t.priority,
  'queue', (SELECT json_build_object('id', q.id, 'name', q.name) FROM team q WHERE q.id = t.queue_id),
  'sla', json_build_object('firstResponseBreached', t.first_responded_at IS NULL AND t.first_response_due_at < now(),
     'firstResponseDueAt', t.first_response_due_at, 'firstResponseWarnAt', t.first_response_warn_at,
     'paused', t.status = 'waiting',
     'resolutionBreached', t.resolved_at IS NULL AND t.resolution_due_at < now(),
     'resolutionDueAt', t.resolution_due_at, 'resolutionWarnAt', t.resolution_warn_at),
  'status', t.status, 'subject', t.subject, 'updatedAt', t.updated_at, 'version', t.version"""

#: $1 queues, $2 "mine" | "unassigned" | "all", $3 the agent.
_CONSOLE = f"""t.queue_id = ANY($1::uuid[]) AND t.status IN {_OPEN}
  AND ($2 <> 'mine' OR t.assignee_id = $3::uuid) AND ($2 <> 'unassigned' OR t.assignee_id IS NULL)"""

SERVICE_TICKETS = f"""
SELECT json_build_object('tickets', json_build_object(
  'nodes', coalesce(json_agg(json_build_object({_TICKET_FIELDS}) ORDER BY t.created_at DESC, t.id DESC), '[]'),
  'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 20 FROM ticket t WHERE {_CONSOLE})),
  'totalCount', (SELECT count(*) FROM ticket t WHERE {_CONSOLE})))::text
FROM (SELECT * FROM ticket t WHERE {_CONSOLE} ORDER BY t.created_at DESC, t.id DESC LIMIT 20) t
"""

QUEUE_OPTIONS = """
SELECT json_build_object('teams', coalesce(json_agg(json_build_object('id', t.id, 'kind', t.kind, 'name', t.name)
  ORDER BY t.path), '[]'))::text FROM team t
"""

_COMMENTS = f"""(SELECT coalesce(json_agg(json_build_object('author', {_user("m.author_id")}, 'body', m.body,
   'createdAt', m.created_at, 'fromCustomer', m.from_customer, 'id', m.id, 'public', m.public)
   ORDER BY m.created_at, m.id), '[]') FROM ticket_comment m WHERE m.ticket_id = t.id AND m.public = {{public}})"""

#: Suggested articles: Rapport ranks published articles by the ticket's words; the floor takes the published
#: articles of the ticket's category, newest first (3).
SERVICE_TICKET = f"""
SELECT json_build_object('ticket', json_build_object({_TICKET_FIELDS},
  'closedAt', t.closed_at, 'description', t.description, 'ratedAt', t.rated_at, 'rating', t.rating,
  'ratingComment', t.rating_comment, 'reopenCount', t.reopen_count, 'resolvedAt', t.resolved_at,
  'comments', {_COMMENTS.format(public="true")},
  'internalNotes', {_COMMENTS.format(public="false")},
  'contact', (SELECT json_build_object('id', k.id, 'name', k.name, 'phones', encode(k.phones_enc, 'base64'))
              FROM contact k WHERE k.id = t.contact_id),
  'history', (SELECT coalesce(json_agg(json_build_object('actor', {_user("e.actor_id")}, 'at', e.at, 'cursor', e.seq,
                'data', e.data, 'kind', e.kind) ORDER BY e.seq), '[]') FROM ticket_event e WHERE e.ticket_id = t.id),
  'suggestedArticles', (SELECT coalesce(json_agg(json_build_object('body', a.body, 'category', a.category, 'id', a.id,
                          'title', a.title)), '[]')
                        FROM (SELECT * FROM kb_article a WHERE a.status = 'published' AND a.category = t.category
                              ORDER BY a.published_at DESC, a.id LIMIT 3) a)))::text
FROM ticket t WHERE t.id = $1
"""

CUSTOMER_MESSAGES = """
SELECT json_build_object('ticket', json_build_object('id', $1::uuid, 'customerMessages', coalesce(json_agg(
  json_build_object('createdAt', m.created_at, 'error', m.last_error, 'kind', m.kind, 'language', m.locale,
    'sentAt', m.sent_at, 'status', m.status, 'subject', encode(m.content_enc, 'base64'))
  ORDER BY m.created_at DESC, m.id DESC), '[]')))::text
FROM outbound_email m WHERE m.subject_type = 'ticket' AND m.subject_id = $1 AND m.recipient_type = 'customer'
"""

MY_TASKS = f"""
SELECT json_build_object('myTasks', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('customer', {_customer("ta.customer_id")},
     'opportunity', CASE WHEN $2 THEN (SELECT json_build_object('id', o.id, 'name', o.name) FROM opportunity o
                                       WHERE o.id = ta.opportunity_id) END,
     'done', ta.done_at IS NOT NULL, 'doneAt', ta.done_at, 'dueAt', ta.due_at, 'id', ta.id, 'notes', ta.notes,
     'remindAt', ta.remind_at, 'title', ta.title, 'version', ta.version) ORDER BY ta.due_at, ta.id), '[]'),
  'totalCount', (SELECT count(*) FROM task x WHERE x.assignee_id = $1 AND x.done_at IS NULL)))::text
FROM (SELECT * FROM task ta WHERE ta.assignee_id = $1 AND ta.done_at IS NULL ORDER BY ta.due_at, ta.id LIMIT 6) ta
"""

MY_OPPORTUNITIES = f"""
SELECT json_build_object('opportunities', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('amount', o.amount, 'customer', {_customer("o.customer_id")},
     'expectedClose', o.expected_close, 'id', o.id, 'name', o.name,
     'stage', (SELECT json_build_object('id', p.id, 'key', p.key, 'name', p.name) FROM pipeline_stage p
               WHERE p.id = o.stage_id)) ORDER BY o.created_at DESC, o.id DESC), '[]'),
  'totalCount', (SELECT count(*) FROM opportunity x WHERE x.owner_id = $1 AND x.status = 'open')))::text
FROM (SELECT * FROM opportunity o WHERE o.owner_id = $1 AND o.status = 'open'
      ORDER BY o.created_at DESC, o.id DESC LIMIT 6) o
"""

NEW_LEADS = """
SELECT json_build_object('leads', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('company', l.company, 'createdAt', l.created_at, 'id', l.id,
     'name', l.name, 'score', l.score, 'source', l.source) ORDER BY l.created_at DESC, l.id DESC), '[]'),
  'totalCount', (SELECT count(*) FROM lead x WHERE x.owner_id = $1 AND x.status = 'new')))::text
FROM (SELECT * FROM lead l WHERE l.owner_id = $1 AND l.status = 'new' ORDER BY l.created_at DESC, l.id DESC LIMIT 6) l
"""

_SLA_HOME = """'firstRespondedAt', t.first_responded_at, 'id', t.id, 'number', t.number, 'priority', t.priority,
  'sla', json_build_object('firstResponseBreached', t.first_responded_at IS NULL AND t.first_response_due_at < now(),
     'firstResponseDueAt', t.first_response_due_at, 'firstResponseWarnAt', t.first_response_warn_at,
     'paused', t.status = 'waiting', 'resolutionBreached', t.resolved_at IS NULL AND t.resolution_due_at < now(),
     'resolutionDueAt', t.resolution_due_at, 'resolutionWarnAt', t.resolution_warn_at),
  'status', t.status, 'subject', t.subject"""

MY_TICKETS = f"""
SELECT json_build_object('tickets', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('customer', {_customer("t.customer_id")}, {_SLA_HOME})
     ORDER BY t.created_at DESC, t.id DESC), '[]'),
  'totalCount', (SELECT count(*) FROM ticket x WHERE x.assignee_id = $1 AND x.status IN {_OPEN})))::text
FROM (SELECT * FROM ticket t WHERE t.assignee_id = $1 AND t.status IN {_OPEN}
      ORDER BY t.created_at DESC, t.id DESC LIMIT 10) t
"""

ESCALATIONS = f"""
SELECT json_build_object('tickets', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('assignee', {_user("t.assignee_id")},
     'escalationLevel', t.escalation_level, {_SLA_HOME}) ORDER BY t.created_at DESC, t.id DESC), '[]'),
  'totalCount', (SELECT count(*) FROM ticket x WHERE x.escalation_level > 0 AND x.status IN {_OPEN})))::text
FROM (SELECT * FROM ticket t WHERE t.escalation_level > 0 AND t.status IN {_OPEN}
      ORDER BY t.created_at DESC, t.id DESC LIMIT 6) t
"""

APPROVALS = f"""
SELECT json_build_object('approvals', json_build_object(
  'nodes', coalesce(json_agg(json_build_object('amount', a.amount, 'createdAt', a.created_at, 'id', a.id,
     'opportunity', (SELECT json_build_object('customer', {_customer("o.customer_id")}, 'id', o.id, 'name', o.name)
                     FROM opportunity o WHERE o.id = a.opportunity_id),
     'requestedBy', {_user("a.requested_by_id")},
     'toStage', (SELECT json_build_object('id', p.id, 'key', p.key, 'name', p.name) FROM pipeline_stage p
                 WHERE p.id = a.to_stage_id)) ORDER BY a.created_at, a.id), '[]'),
  'totalCount', (SELECT count(*) FROM approval x WHERE x.status = 'pending')))::text
FROM (SELECT * FROM approval a WHERE a.status = 'pending' ORDER BY a.created_at, a.id LIMIT 5) a
"""

STATEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "customer_360": (CUSTOMER_360, ("id",)),
    "timeline": (TIMELINE, ("id", "first")),
    "duplicates": (DUPLICATES, ("id",)),
    "customers_list": (CUSTOMERS_LIST, ("teams",)),
    "filter_options": (FILTER_OPTIONS, ("teams",)),
    "sales_force": (SALES_FORCE, ("teams",)),
    "stages": (STAGES, ()),
    "pipeline_column": (PIPELINE_COLUMN, ("stage", "teams")),
    "service_tickets": (SERVICE_TICKETS, ("queues", "tab", "me")),
    "queue_options": (QUEUE_OPTIONS, ()),
    "service_ticket": (SERVICE_TICKET, ("id",)),
    "customer_messages": (CUSTOMER_MESSAGES, ("id",)),
    "my_tasks": (MY_TASKS, ("me", "withOpportunity")),
    "my_opportunities": (MY_OPPORTUNITIES, ("me",)),
    "new_leads": (NEW_LEADS, ("me",)),
    "my_tickets": (MY_TICKETS, ("me",)),
    "escalations": (ESCALATIONS, ()),
    "approvals": (APPROVALS, ()),
}

__all__ = ["STATEMENTS"]
