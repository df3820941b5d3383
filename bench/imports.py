"""`python -m bench imports`: import N customers with 1.5 N contacts from an XLSX file into a database that holds the
demo data, with `rapport import` as a user would, and record the wall time and the importing process's peak memory.

The file is what a migration brings: one row per contact, a customer's second contact on a row of its own with the
same customer number (the import joins it to the customer: strategy merge), grades and statuses in the old
system's words mapped by a template, phones in mixed formats, a few rows with problems. Target (issue 17): 100,000
customers with 150,000 contacts in under 90 s on 2 cores, peak memory under 500 MB.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ["客户编号", "客户名称", "客户等级", "状态", "行业", "省份", "联系人", "职务", "手机", "邮箱", "标签"]
GRADES = ["重要客户", "普通客户", "VIP", "一般"]
STATUSES = ["成交客户", "潜在客户", "沉睡"]
PROVINCES = ["上海", "北京市", "浙江省", "广东省", "江苏", "四川省"]
WORDS = [
    "云杉",
    "青松",
    "百川",
    "星河",
    "远航",
    "华瑞",
    "金桥",
    "博雅",
    "启明",
    "天成",
    "海纳",
    "恒信",
    "鼎盛",
    "嘉禾",
    "瑞丰",
    "新元",
]
TRADES = ["贸易", "科技", "茶业", "电子", "物流", "餐饮", "教育", "医疗"]


def make_file(path: Path, customers: int, seed: int = 7) -> int:
    """Write the workbook; returns its data rows."""
    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("客户")
    sheet.write_row(0, 0, HEADERS)
    row = 1
    for n in range(customers):
        name = f"{rnd.choice(PROVINCES)[:2]}{rnd.choice(WORDS)}{rnd.choice(WORDS)}{rnd.choice(TRADES)}有限公司{n}"
        contacts = 2 if n % 2 == 0 else 1
        for k in range(contacts):
            phone = f"139{n:08d}" if k == 0 else f"+86 137-{n // 10000:04d}-{n % 10000:04d}"
            cells = [
                f"K{n:07d}", name, rnd.choice(GRADES), rnd.choice(STATUSES), rnd.choice(TRADES), rnd.choice(PROVINCES),
                f"联系人{n}-{k}", "经理" if k == 0 else "采购", phone, f"c{n}.{k}@example.cn" if rnd.random() < 0.7 else "",
                "老客户" if n % 3 == 0 else "",
            ]  # fmt: skip
            if n % 997 == 0 and k == 0:
                cells[8] = "待补充"  # a phone the import refuses: the row is reported
            sheet.write_row(row, 0, cells)
            row += 1
    book.close()
    return row - 1


COLUMNS = {
    "客户编号": "externalId", "客户名称": "name", "客户等级": "grade", "状态": "status", "行业": "industry",
    "省份": "province", "联系人": "contactName", "职务": "contactTitle", "手机": "contactPhone", "邮箱": "contactEmail",
    "标签": "tags",
}  # fmt: skip
VALUES = {
    "grade": {"重要客户": "A", "VIP": "A", "普通客户": "C", "一般": "D"},
    "status": {"成交客户": "active", "潜在客户": "prospect", "沉睡": "dormant"},
}


def _template(url: str) -> None:
    """The old system's mapping, saved as the template `bench`."""
    import uuid

    import psycopg
    from psycopg.types.json import Jsonb

    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO import_template (id, name, kind, columns, values, created_at, updated_at) "
            "VALUES (%s, 'bench', 'customers', %s, %s, now(), now())",
            (uuid.uuid4(), Jsonb(COLUMNS), Jsonb(VALUES)),
        )


def _rapport(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args], env={**os.environ, "LOG_LEVEL": "WARNING", **env},
        capture_output=True, text=True, cwd=ROOT, timeout=3600,
    )  # fmt: skip


def run(customers: int) -> None:
    """Prepare a database with the demo data, import the file and record time and memory."""
    server = os.environ.get("BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432")
    name = f"rapport_bench_import_{customers}"
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    env = {"DATABASE_URL": f"{server}/{name}"}
    for step in (("migrate",), ("seed", "--customers", "200")):
        done = _rapport(*step, env=env)
        assert done.returncode == 0, done.stderr
    _template(env["DATABASE_URL"])
    path = Path(f"/tmp/rapport-import-{customers}.xlsx")
    rows = make_file(path, customers)
    template = ["import", str(path), "--as", "admin@demo.example", "--strategy", "merge", "--template", "bench"]
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = _rapport(*template, env=env)
    seconds = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert done.returncode == 0, done.stderr
    result = {
        "scenario": "import",
        "date": date.today().isoformat(),
        "customers": customers,
        "rows": rows,
        "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(peak_mb),
        "cpus": os.cpu_count(),
        "summary": done.stderr.strip().splitlines()[-1],
    }
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-import-{customers}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
