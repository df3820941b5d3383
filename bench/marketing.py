"""`python -m bench marketing`: one email campaign to 10,000 consenting contacts, sent by the `campaign-send` job
and delivered by the `mail-deliver` job to an SMTP sink, each in a process of its own; messages a second.

The database (`rapport_bench_marketing`, made once and kept) holds the demo data with about 6,000 generated
customers; each run empties the ledger and the outbox, gives the first 10,000 contacts email consent, puts their
customers in a static segment and schedules a campaign to it (its content with merge fields and a link, so every
message is rendered and tracked). Then, at one instant, a worker process runs `campaign-send` again and again until
no ledger row is pending (ledger -> outbox), another runs `mail-deliver` again and again until every message went
to the sink (outbox -> SMTP), and the sink (aiosmtpd, the development sink: each message a Maildir file) runs in a
third process. Reported: messages a second of each stage (from the start to the stage's last message) and end to
end (the start to the last message in the sink). Target (issue: campaign sending): 500 messages a second end to
end on 2 cores. `BENCH_SMTP_CONNECTIONS=N` makes the delivery worker use N SMTP connections at once (an
experiment; the shipped default is 8).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import ROOT, code_version, free_port, save

#: Contacts the campaign goes to, and the customers generated to have that many contacts.
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
CUSTOMERS = 7_000
DATABASE = "rapport_bench_marketing"
#: The send rate the campaign is sent at (the settings' highest).
RATE = 1_000


def _url() -> str:
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    return f"{server.rsplit('/', 1)[0]}/{DATABASE}"


def _env(url: str, sink_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink_port),
        "PUBLIC_URL": "https://crm.example.cn",
        "PYTHONPATH": f"{ROOT / 'backend'}{os.pathsep}{ROOT}",
    }


def _contacts(url: str) -> int:
    found = subprocess.run(["psql", url, "-tAc", "SELECT count(*) FROM contact"], capture_output=True, text=True)
    return int(found.stdout.strip() or 0) if found.returncode == 0 else 0


def prepare_database(url: str) -> None:
    """The benchmark database with the demo data and CUSTOMERS customers (at least RECIPIENTS contacts), made once
    (again when it has too few contacts)."""
    admin = url.rsplit("/", 1)[0] + "/postgres"
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "rapport"]
    if _contacts(url) < RECIPIENTS:
        print(f"making {DATABASE} with {CUSTOMERS} customers (once) ...", flush=True)
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{DATABASE}"'], check=True)
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{DATABASE}"'], check=True)
        seeded = subprocess.run(
            [*command, "seed", "--customers", str(CUSTOMERS)], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert seeded.returncode == 0, seeded.stderr[-2000:]
    migrated = subprocess.run([*command, "migrate"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert _contacts(url) >= RECIPIENTS


async def _campaign(url: str) -> str:
    """Empty the ledger and the outbox; consent, a segment and a scheduled campaign; the campaign's id."""
    from sqlalchemy import delete, select, text

    from rapport.core import clock
    from rapport.core.db import Database, create_engine
    from rapport.core.ids import uuid7
    from rapport.customers.models import Contact
    from rapport.identity.models import User
    from rapport.marketing.campaigns.models import Campaign, CampaignContent, MarketingSetting
    from rapport.marketing.consent.service import DEFAULTS
    from rapport.marketing.models import Segment, SegmentMember

    db = Database(create_engine(url, pool_size=2))
    now = clock.now()
    try:
        async with db.write() as session:
            await session.execute(text("TRUNCATE marketing_message, outbound_email, marketing_consent CASCADE"))
            await session.execute(delete(Campaign))
            await session.execute(delete(Segment).where(Segment.name == "bench"))
            rows = (await session.execute(select(Contact.id, Contact.customer_id).order_by(Contact.customer_id))).all()
            chosen = rows[:RECIPIENTS]
            customers = sorted({customer_id for _, customer_id in chosen})
            consent = [{"c": contact_id, "at": now} for contact_id, _ in chosen]
            await session.execute(
                text(
                    "INSERT INTO marketing_consent (contact_id, channel, granted, source, granted_at, updated_at)"
                    " VALUES (:c, 'email', true, 'bench', :at, :at)"
                ),
                consent,
            )
            owner = (
                await session.execute(select(User.id, User.team_id).where(User.email == "marketing@demo.example"))
            ).one()
            segment = Segment(
                id=uuid7(), name="bench", kind="static", rules={}, owner_id=owner.id, team_id=owner.team_id,
                frozen_at=now, member_count=len(customers), created_at=now, updated_at=now,
            )  # fmt: skip
            session.add(segment)
            await session.flush()
            session.add_all(SegmentMember(segment_id=segment.id, customer_id=c, added_at=now) for c in customers)
            campaign = Campaign(
                id=uuid7(), name="双十二 bench", goal="sell", channels=["email"], status="scheduled",
                segment_id=segment.id, audience_id=segment.id, audience_size=len(customers), scheduled_at=now,
                owner_id=owner.id, team_id=owner.team_id, created_at=now, updated_at=now,
            )  # fmt: skip
            session.add(campaign)
            await session.flush()
            body = "{{contact.name}}，您好！{{customer.name}} 的双十二专享优惠已到账：https://shop.example.cn/sale?from=mail"
            session.add(
                CampaignContent(
                    id=uuid7(),
                    campaign_id=campaign.id,
                    channel="email",
                    locale="zh-CN",
                    subject="{{customer.name}} 专享：双十二特惠",
                    body=body,
                )
            )
            setting = await session.get(MarketingSetting, 1)
            if setting is None:
                setting = MarketingSetting(id=1, updated_at=now, **DEFAULTS)
                session.add(setting)
            setting.quiet_start = setting.quiet_end = None
            setting.email_per_second = RATE
            setting.frequency_cap_count, setting.frequency_cap_days = 100, 30
            return str(campaign.id)
    finally:
        await db.dispose()


def sink_main(directory: str, port: int) -> None:
    """The sink process: the development SMTP sink until stdin closes."""
    from rapport.core.mail.sink import SmtpSink

    with SmtpSink(Path(directory), "127.0.0.1", port):
        print("ready", flush=True)
        sys.stdin.read()


async def _worker(role: str, total: int) -> dict[str, Any]:
    """A worker process: after `go` on stdin, run its job again and again until its stage is done."""
    from sqlalchemy import func, select

    from rapport.assembly import install
    from rapport.config import get_settings
    from rapport.core.db import Database, create_engine
    from rapport.core.jobs import run_job
    from rapport.core.mail.models import MailStatus, OutboundEmail
    from rapport.marketing.campaigns.models import MarketingMessage

    install()
    if os.environ.get("BENCH_SMTP_CONNECTIONS"):  # an experiment: more connections at once
        from rapport.core.mail import delivery

        delivery.CONNECTIONS = int(os.environ["BENCH_SMTP_CONNECTIONS"])
        delivery.SHARE = max(1, delivery.CHUNK // delivery.CONNECTIONS)
    settings = get_settings()
    assert settings.database_url
    db = Database(create_engine(settings.database_url, pool_size=2))
    job = "campaign-send" if role == "send" else "mail-deliver"
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    runs, results, rss = 0, [], [_rss_mb()]
    while True:
        result = await run_job(job, db, settings)
        runs += 1
        results.append(result)
        rss.append(_rss_mb())
        async with db.read() as session:
            if role == "send":
                left = await session.scalar(
                    select(func.count()).where(MarketingMessage.status.in_(("pending", "sending")))
                )
                written = await session.scalar(select(func.count()).select_from(MarketingMessage))
                if left == 0 and written:
                    break
            else:
                sent = await session.scalar(select(func.count()).where(OutboundEmail.status == MailStatus.SENT.value))
                if (sent or 0) >= total:
                    break
        if not any(result.get(key) for key in ("sent", "retry", "recipients")):
            await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    await db.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return {"seconds": seconds, "cpu_seconds": cpu, "runs": runs, "results": results[:3], "rss_mb": _memory(rss)}


def _rss_mb() -> float:
    """This process's resident memory now, in MB (from /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _memory(samples: list[float]) -> dict[str, float]:
    """Resident memory over a stage, sampled after each job run: at the start, after the first tenth of the runs
    (warm: imports, connections and caches loaded), at its peak and at the end. Flat while sending means the end
    is no higher than the warm mark, whatever the number of recipients."""
    warm = samples[max(1, len(samples) // 10)] if len(samples) > 1 else samples[0]
    return {
        "start": round(samples[0], 1),
        "warm": round(warm, 1),
        "peak": round(max(samples), 1),
        "end": round(samples[-1], 1),
        "growth_after_warm": round(samples[-1] - warm, 1),
    }


def worker_main(role: str, total: int) -> None:
    print(json.dumps(asyncio.run(_worker(role, total)), default=str), flush=True)


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.marketing", *args], env=env, cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    ready = process.stdout.readline().strip()
    assert ready == "ready", f"{args[0]} did not start: {ready!r}"
    return process


def _cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _delivered(directory: Path) -> int:
    return sum(1 for _ in os.scandir(directory / "new")) if (directory / "new").is_dir() else 0


def one_run(url: str) -> dict[str, Any]:
    """One campaign sent and delivered; the stages' times and rates."""
    asyncio.run(_campaign(url))
    port = free_port()
    env = _env(url, port)
    # The sink keeps its Maildir in memory where it can (/dev/shm): its files' creation is the sink's cost, not
    # Rapport's, and this machine's shared disk makes it vary tenfold.
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="rapport-bench-sink-", dir=memory) as folder:
        directory = Path(folder)
        sink = _spawn(["sink", folder, str(port)], env)
        sender = _spawn(["worker", "send", str(RECIPIENTS)], env)
        deliverer = _spawn(["worker", "deliver", str(RECIPIENTS)], env)
        started = time.perf_counter()
        sink_cpu = _cpu_seconds(sink.pid)
        for worker in (sender, deliverer):
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        stages = {}
        for name, worker in (("ledger_to_outbox", sender), ("outbox_to_smtp", deliverer)):
            out, _ = worker.communicate(timeout=1200)
            stages[name] = json.loads(out.strip().splitlines()[-1])
        while _delivered(directory) < RECIPIENTS and time.perf_counter() - started < 1200:
            time.sleep(0.01)
        end_to_end = time.perf_counter() - started
        sink_cpu = _cpu_seconds(sink.pid) - sink_cpu
        received = _delivered(directory)
        assert sink.stdin is not None
        sink.stdin.close()
        sink.wait(timeout=30)
    assert received == RECIPIENTS, f"the sink received {received} of {RECIPIENTS}"
    return {
        "messages": RECIPIENTS,
        "ledger_to_outbox": {
            "seconds": round(stages["ledger_to_outbox"]["seconds"], 2),
            "per_second": round(RECIPIENTS / stages["ledger_to_outbox"]["seconds"]),
            "job_runs": stages["ledger_to_outbox"]["runs"],
            "cpu_ms_per_message": round(stages["ledger_to_outbox"]["cpu_seconds"] * 1000 / RECIPIENTS, 2),
            "rss_mb": stages["ledger_to_outbox"]["rss_mb"],
        },
        "outbox_to_smtp": {
            "seconds": round(stages["outbox_to_smtp"]["seconds"], 2),
            "per_second": round(RECIPIENTS / stages["outbox_to_smtp"]["seconds"]),
            "job_runs": stages["outbox_to_smtp"]["runs"],
            "cpu_ms_per_message": round(stages["outbox_to_smtp"]["cpu_seconds"] * 1000 / RECIPIENTS, 2),
            "rss_mb": stages["outbox_to_smtp"]["rss_mb"],
        },
        "sink_cpu_ms_per_message": round(sink_cpu * 1000 / RECIPIENTS, 2),
        "load_average": os.getloadavg()[0],
        "end_to_end": {"seconds": round(end_to_end, 2), "per_second": round(RECIPIENTS / end_to_end)},
    }


def run(rounds: int) -> None:
    """Prepare the database, send the campaign `rounds` times, write the results (JSON and Markdown)."""
    url = _url()
    prepare_database(url)
    runs = []
    for number in range(1, rounds + 1):
        outcome = one_run(url)
        runs.append(outcome)
        rates = ", ".join(
            f"{k} {outcome[k]['per_second']}/s" for k in ("ledger_to_outbox", "outbox_to_smtp", "end_to_end")
        )
        print(f"run {number}: {rates}", flush=True)
    best = max(runs, key=lambda r: r["end_to_end"]["per_second"])
    median = statistics.median(r["end_to_end"]["per_second"] for r in runs)
    result = {
        "scenario": "marketing: one email campaign, ledger -> outbox -> SMTP sink",
        "recipients": RECIPIENTS,
        "send_rate_setting": RATE,
        "cpus": os.cpu_count(),
        "code": code_version(),
        "end_to_end_per_second": {"best": best["end_to_end"]["per_second"], "median": median},
        "runs": runs,
    }
    path = save("marketing", result)
    path.with_suffix(".md").write_text(markdown(runs))
    print(json.dumps(result["end_to_end_per_second"]), f"-> {path}", flush=True)


def markdown(runs: list[dict[str, Any]]) -> str:
    """The runs as a Markdown table, with the CPU time per message of each process and the load average."""
    best = max(r["end_to_end"]["per_second"] for r in runs)
    median = statistics.median(r["end_to_end"]["per_second"] for r in runs)
    lines = [
        f"# Campaign sending ({RECIPIENTS:,} emails, {os.cpu_count()} CPUs)",
        "",
        "| run | ledger → outbox /s | outbox → SMTP /s | end to end /s | end to end s "
        "| CPU ms/message: send, deliver, sink | RSS MB warm → peak → end: send; deliver | load average |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {i} | {r['ledger_to_outbox']['per_second']} | {r['outbox_to_smtp']['per_second']} | "
            f"{r['end_to_end']['per_second']} | {r['end_to_end']['seconds']} | "
            f"{r['ledger_to_outbox']['cpu_ms_per_message']}, {r['outbox_to_smtp']['cpu_ms_per_message']}, "
            f"{r['sink_cpu_ms_per_message']} | {_rss(r['ledger_to_outbox'])}; {_rss(r['outbox_to_smtp'])} | "
            f"{round(r['load_average'], 1)} |"
            for i, r in enumerate(runs, 1)
        ),
        "",
        f"End to end: best {best}/s, median {median}/s.",
        "",
    ]
    return "\n".join(lines)


def _rss(stage: dict[str, Any]) -> str:
    memory = stage["rss_mb"]
    return f"{memory['warm']} → {memory['peak']} → {memory['end']}"


if __name__ == "__main__":
    if sys.argv[1] == "sink":
        sink_main(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "worker":
        worker_main(sys.argv[2], int(sys.argv[3]))
