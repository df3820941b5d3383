"""Reading real upload files (CSV in UTF-8 and GBK, XLSX) and suggesting how their columns map to Rapport's fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rapport.core.errors import BadUserInputError
from rapport.integrations.imports import reader
from rapport.integrations.imports.mapping import ImportKind, Template, normalised, suggest

FILES = Path(__file__).with_name("files")
HEADERS = ["客户编号", "客户名称", "客户等级", "联系人", "联系人手机", "邮箱", "省份", "标签"]


@pytest.mark.parametrize(
    ("name", "kind", "encoding", "delimiter"),
    [
        ("customers_utf8.csv", "csv", "utf-8", ","),
        ("customers_gbk.csv", "csv", "gb18030", ";"),
        ("customers_utf8_bom_tab.csv", "csv", "utf-8-sig", "\t"),
        ("customers.xlsx", "xlsx", None, None),
    ],
)
def test_every_kind_of_file_reads_to_the_same_table(
    name: str, kind: str, encoding: str | None, delimiter: str | None
) -> None:
    upload = reader.read((FILES / name).read_bytes(), name)
    assert (upload.kind, upload.encoding, upload.delimiter) == (kind, encoding, delimiter)
    sheet = upload.sheets[0]
    assert sheet.headers == HEADERS
    assert len(sheet.rows) == 4
    assert sheet.rows[0][:5] == (
        "K-001",
        "上海云杉贸易有限公司",
        "重要客户",
        "王芳",
        "13912345678",
    )  # not 13912345678.0
    assert sheet.numbers == [2, 3, 4, 5] and sheet.at(4)[0] == "K-003"  # no "13912345678.0"
    assert sheet.rows[3][4] == "13812345678; 010-88886666"


def test_a_workbooks_sheets_are_each_a_table_with_dates_as_iso_text() -> None:
    upload = reader.read((FILES / "customers.xlsx").read_bytes(), "customers.xlsx")
    assert [s.name for s in upload.sheets] == ["客户", "订单"]
    orders = upload.sheets[1]
    assert orders.headers == ["订单编号", "客户编号", "下单日期", "金额"]
    assert orders.rows == [("SO-1", "K-001", "2026-03-01T10:30:00", "199.5")]


def test_empty_rows_are_skipped_and_rows_keep_the_spreadsheets_numbers() -> None:
    sheet = reader.read("名称,手机\n\n甲,139\n,,\n乙,\n".encode(), "x.csv").sheets[0]
    assert sheet.rows == [("甲", "139"), ("乙",)]
    assert sheet.numbers == [3, 5] and sheet.at(5) == ("乙",) and sheet.at(4) == ()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.csv", "empty"),
        (b"x" * (reader.MAX_UPLOAD_BYTES + 1), "big.csv", "larger"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", ".xlsx"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "readable"),
        (_zip_bomb(), "bomb.xlsx", "unpacks"),
        (bytes(range(128, 256)) * 10, "noise.csv", "encoding"),
        # 5 KB with cells in A1 and XFD1048576: the reading library would ask for 550 GB and abort its process
        ((FILES / "dimension_bomb.xlsx").read_bytes(), "bomb.xlsx", "too large or damaged"),
        ('名称\n"'.encode() + b"x" * (2 * 1024 * 1024), "long.csv", "1 MB"),
    ],
)
def test_files_that_cannot_be_taken_are_refused_with_a_reason(content: bytes, name: str, words: str) -> None:
    with pytest.raises(BadUserInputError) as refused:
        reader.read(content, name)
    assert words in str(refused.value) and refused.value.extensions["field"] == "file"


def test_column_names_of_old_systems_suggest_rapports_fields() -> None:
    assert suggest(ImportKind.CUSTOMERS, HEADERS) == {
        "客户编号": "externalId",
        "客户名称": "name",
        "客户等级": "grade",
        "联系人": "contactName",
        "联系人手机": "contactPhone",
        "邮箱": "contactEmail",
        "省份": "province",
        "标签": "tags",
    }
    english = ["Customer ID", "Company Name", "Contact E-mail", "Mobile", "Office Phone", "Owner", "Notes"]
    assert suggest(ImportKind.CUSTOMERS, english) == {
        "Customer ID": "externalId",
        "Company Name": "name",
        "Contact E-mail": "contactEmail",
        "Mobile": "contactPhone",
        "Office Phone": "contactPhone",  # phones may come from several columns
        "Owner": "owner",
        "Notes": None,
    }
    # one column per single-valued field: the leftmost wins
    assert suggest(ImportKind.CUSTOMERS, ["名称", "客户名称"]) == {"名称": "name", "客户名称": None}
    assert suggest(ImportKind.ORDERS, ["订单号", "客户编号", "下单日期", "实付金额"]) == {
        "订单号": "externalId",
        "客户编号": "customerExternalId",
        "下单日期": "orderedAt",
        "实付金额": "totalAmount",
    }


def test_a_template_maps_old_values_and_says_what_is_missing() -> None:
    template = Template(
        ImportKind.CUSTOMERS,
        {"客户名称": "name", "客户等级": "grade"},
        {"grade": {"重要客户": "A", "ＶＩＰ": "A", "普通客户": "C"}},
    )
    assert template.value("grade", "重要客户") == "A"
    assert template.value("grade", "vip") == "A"  # full-width and case do not matter
    assert template.value("grade", "潜在") == "潜在"  # unmapped values stay, for validation to judge
    assert template.missing() == []
    assert Template(ImportKind.ORDERS, {"金额": "totalAmount"}).missing() == [
        "externalId",
        "customerExternalId",
        "orderedAt",
    ]
    assert Template(ImportKind.TICKETS, {"x": "nonsense"}, {"alsoNonsense": {}}).unknown() == [
        "alsoNonsense",
        "nonsense",
    ]
    assert normalised("Ｅ－ｍａｉｌ ") == "email"
