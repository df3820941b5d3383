"""The mail package's manifest: the outbox's delivery and retention jobs and encrypted columns, the dev inbox."""

from __future__ import annotations

from rapport.core.mail.delivery import mail_delivery
from rapport.core.mail.outbox import ENCRYPTED
from rapport.core.mail.retention import mail_purge
from rapport.mail.inbox import DevInboxMessage, DevInboxQuery
from rapport.mail.policy import POLICY_FIELDS
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="mail",
    queries=(DevInboxQuery,),
    types=(DevInboxMessage,),
    jobs=(mail_delivery, mail_purge),
    encrypted=ENCRYPTED,
    policy_fields=POLICY_FIELDS,
)
