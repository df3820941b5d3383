"""Settings read from the environment, with safe development defaults."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - refused in production
DEFAULT_FIELD_KEY = "dev-insecure-field-key-change-me"
DEFAULT_BLIND_INDEX_KEY = "dev-insecure-blind-index-key-change-me"


class Environment(StrEnum):
    """Where Rapport runs: development relaxes checks, production enforces them."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SmtpSecurity(StrEnum):
    """How the SMTP connection is protected: none (a local relay or the development sink), STARTTLS, or TLS."""

    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


class InsecureSettingsError(RuntimeError):
    """Production was asked to start with a development default; set the named variables."""


class Settings(BaseSettings):
    """All runtime configuration. Every field maps to an environment variable of the same name."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    rapport_env: Environment = Environment.DEVELOPMENT
    database_url: str | None = None
    #: The primary through a pooler in transaction mode (PgBouncer): the web processes' sessions and compiled reads
    #: go through it, without prepared statements kept; migrations, LISTEN and jobs still use DATABASE_URL.
    database_pooler_url: str | None = None
    #: A streaming replica: compiled reads, dashboards' figures and exports read it (read-your-writes: a caller's
    #: reads after their own write go to the primary until the replica has replayed it). docs/operations.md.
    database_replica_url: str | None = None
    #: The replica URL is a pooler in transaction mode too.
    database_replica_pooled: bool = False
    #: A replica whose last replayed commit is older than this while the primary has written more is not read.
    database_replica_max_lag_seconds: float = Field(default=30.0, gt=0, le=86_400)
    secret_key: str = DEFAULT_SECRET_KEY
    field_encryption_keys: str = DEFAULT_FIELD_KEY
    blind_index_key: str = DEFAULT_BLIND_INDEX_KEY
    rapport_data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("rapport")))
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Other sites whose web forms may post leads to /graphql (CORS, never with credentials).
    lead_form_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Company sites that embed the tracking snippet (/t.js) and post page views to /t/pv (CORS).
    tracking_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Page views one client address may post per minute.
    tracking_per_minute: int = Field(default=120, ge=1, le=100_000)
    #: Reverse proxies (addresses or networks, e.g. 10.0.0.0/8) whose X-Forwarded-For and X-Forwarded-Proto are
    #: believed. Empty (the default): the peer's own address is the client's, whatever headers it sends.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    session_ttl_hours: int = 24 * 14
    #: Failed sign-ins within the window: per account and address (one person at one desk), and per account
    #: from every address (guessing spread over many addresses). One person failing does not lock out everyone
    #: behind the same office address; only failures against many different accounts from one address
    #: (password spraying) limit that address.
    login_max_failures_per_account_address: int = 5
    login_max_failures_per_account: int = 20
    login_max_failed_accounts_per_address: int = 30
    login_failure_window_minutes: int = 15
    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 5000
    #: Limits before work (docs/api.md, "Limits"): the document's size, smaller for callers not signed in...
    graphql_max_document_bytes: int = 32_768
    graphql_max_anonymous_document_bytes: int = 2_048
    graphql_max_anonymous_tokens: int = 300
    #: ... and its shape: fields per selection set (fragments flattened), the same response key repeated in one
    #: selection set, and directives in the whole document. Real clients repeat keys across the inline fragments
    #: of a union or interface (`id` per member type; urql adds `__typename` to every selection set): 25 leaves
    #: room for that and still refuses floods.
    graphql_max_fields_per_selection: int = 200
    graphql_max_duplicate_fields: int = 25
    graphql_max_directives: int = 100
    graphql_max_nesting: int = 40
    graphql_max_fragment_spreads: int = 20
    #: Documents this process has not seen yet, per address of callers not signed in (a burst, then per minute).
    graphql_anonymous_new_documents_burst: int = 100
    graphql_anonymous_new_documents_per_minute: int = 30
    #: The web app's operations (rapport.graphql.trusted): graphql-codegen's persisted-documents manifest. Unset:
    #: frontend/src/generated/persisted-documents.json of this checkout.
    trusted_documents_file: Path | None = None
    #: Browser sessions (and callers not signed in) may run only the manifest's documents; API tokens run any.
    #: Unset: on in production, off elsewhere.
    trusted_documents_only: bool | None = None
    #: Answer known read operations from one compiled SQL statement (rapport.graphql.compiler); off: resolvers only.
    compiled_reads: bool = True
    #: How long a session's principal may be reused without a lookup (emptied on NOTIFY when identities change).
    principal_cache_seconds: float = 10.0
    graphql_max_page_size: int = 100
    #: The largest POST body /graphql reads (413 past it): documents are capped far lower, variables carry the rest.
    graphql_max_body_bytes: int = 4_194_304
    jobs_in_process: bool = True
    #: A job worker whose heartbeat is this many seconds old is taken for dead, and the jobs it was running are run
    #: again by the others (it beats every third of that).
    jobs_stalled_seconds: int = Field(default=30, ge=3, le=3600)
    db_pool_size: int = 20
    log_level: str = "INFO"
    frontend_dist: Path | None = None
    #: Benchmarks only: false switches field and row enforcement off to measure what it costs.
    authz_enforcement: bool = True
    #: Outbound email (rapport.core.mail): the SMTP server the delivery job hands messages to, and the sender.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_security: SmtpSecurity = SmtpSecurity.NONE
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "Rapport <no-reply@rapport.localhost>"
    #: Days the outbox keeps a sent or failed email (its address and content) before the `mail-purge` job deletes
    #: it; queued emails are kept until they are sent or given up on.
    mail_retention_days: int = Field(default=90, ge=1)
    #: Where links in emails point (the survey link): the address customers reach Rapport at. Empty: the address
    #: of the request that caused the email.
    public_url: str | None = None
    #: Development only: `rapport serve --mail-sink` (what `make run` does) runs a local SMTP sink on smtp_host and
    #: smtp_port that keeps every message in this Maildir; admins read it on the development inbox page.
    mail_sink_dir: Path | None = None
    #: Outbound webhooks (rapport.integrations): how long one delivery may take, and whether endpoints may be on
    #: private, loopback or link-local addresses (default: only outside production, where a local receiver is
    #: normal; in production an admin could otherwise reach internal services through Rapport).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_allow_private_addresses: bool | None = None
    #: Days domain events and webhook deliveries are kept (the `webhook-purge` job deletes older ones).
    webhook_retention_days: int = Field(default=30, ge=1)
    #: Marketing's SMS and WeChat providers (rapport.marketing.sending.channels): each an HTTP endpoint that takes
    #: a signed JSON POST per message (Standard Webhooks signature with the secret, `whsec_...`). Unset: the
    #: channel has no provider and its messages fail with a clear error.
    marketing_sms_webhook_url: str | None = None
    marketing_sms_webhook_secret: str | None = None
    marketing_wechat_webhook_url: str | None = None
    marketing_wechat_webhook_secret: str | None = None
    #: Hosts of the ad platforms an administrator sanctions for journeys' audience exports. An audience node that
    #: posts (https) to one of them needs no unmasked read of contacts' emails and phones: the hashed identifiers go
    #: from server to server and nobody sees them; any other audience needs that read. Unset outside production:
    #: the demo's ad platform (`ads.example.com`); in production: none.
    marketing_audience_hosts: list[str] | None = None
    #: The secret providers sign inbound calls with (`POST /m/inbound`: SMS replies such as "T", bounces).
    marketing_inbound_secret: str | None = None
    #: Days an exported file is kept for its owner to download (the `export-purge` job deletes older ones).
    export_retention_days: int = Field(default=7, ge=1, le=90)

    @field_validator(
        "allowed_origins",
        "lead_form_origins",
        "tracking_origins",
        "trusted_proxies",
        "marketing_audience_hosts",
        mode="before",
    )
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def sink_directory(self) -> Path:
        """The development SMTP sink's Maildir (MAIL_SINK_DIR, else `mail-sink` in the data directory)."""
        return self.mail_sink_dir or self.rapport_data_dir / "mail-sink"

    @property
    def only_trusted_documents(self) -> bool:
        """True when browser sessions may run only the web app's own documents (TRUSTED_DOCUMENTS_ONLY)."""
        return self.is_production if self.trusted_documents_only is None else self.trusted_documents_only

    @property
    def webhooks_reach_private_addresses(self) -> bool:
        """Whether webhook URLs may resolve to private, loopback or link-local addresses."""
        allowed = self.webhook_allow_private_addresses
        return not self.is_production if allowed is None else allowed

    @property
    def audience_hosts(self) -> frozenset[str]:
        """The ad platforms' hosts journeys' audience nodes may post hashed identifiers to without unmasked reads."""
        hosts = self.marketing_audience_hosts
        if hosts is None:
            hosts = [] if self.is_production else ["ads.example.com"]
        return frozenset(host.lower() for host in hosts)

    @property
    def is_production(self) -> bool:
        """True when running with production safeguards."""
        return self.rapport_env == Environment.PRODUCTION

    @property
    def is_development(self) -> bool:
        """True when development conveniences (debug SQL counts, GraphiQL) are on."""
        return self.rapport_env != Environment.PRODUCTION

    def check_production_safety(self) -> None:
        """Refuse to run in production on development defaults."""
        if not self.is_production:
            return
        insecure = [
            name
            for name, value, default in (
                ("SECRET_KEY", self.secret_key, DEFAULT_SECRET_KEY),
                ("FIELD_ENCRYPTION_KEYS", self.field_encryption_keys, DEFAULT_FIELD_KEY),
                ("BLIND_INDEX_KEY", self.blind_index_key, DEFAULT_BLIND_INDEX_KEY),
            )
            if value == default or len(value) < 32
        ]
        if insecure:
            raise InsecureSettingsError(
                "RAPPORT_ENV=production refuses development secrets; set strong values (32+ characters) for: "
                + ", ".join(insecure)
            )
        if not self.database_url:
            raise InsecureSettingsError("RAPPORT_ENV=production needs DATABASE_URL (no embedded PostgreSQL).")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
