"""Whether two company names name the same company, and why: the duplicate finder's reading of names.

A Chinese company name is region + trade name (字号) + industry + legal form: 上海 华为 技术 有限公司. The same
company is written 华为技术(上海)有限公司 or 华为技术有限公司; 上海华兴科技有限公司 is another company although most
of its characters are the same. So names are compared by their trade names, with the region, industry words and
legal form set aside and checked apart: the same trade name in two different provinces, or in two different
industries, is two companies (branches, sister companies). Latin names the same way: "ACME Corp." and "Acme
Corporation (Shanghai)" are one company, "Acme Trading" and "Acme Logistics" two.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapport.core import regions

#: Legal forms at the end of Chinese names, longest first.
_FORMS_ZH = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "集团有限公司",
        "集团股份有限公司",
        "有限公司",
        "集团公司",
        "总公司",
        "分公司",
        "公司",
        "集团",
        "合伙企业",
        "有限合伙",
        "工作室",
        "事务所",
    ],
    key=len,
    reverse=True,
)
#: Industry words between the trade name and the legal form; synonyms share a class.
_INDUSTRY_ZH = {
    "科技": "tech",
    "技术": "tech",
    "信息技术": "tech",
    "信息科技": "tech",
    "网络科技": "tech",
    "网络技术": "tech",
    "信息": "info",
    "网络": "net",
    "互联网": "net",
    "电子商务": "ecommerce",
    "电子": "electronics",
    "软件": "software",
    "贸易": "trade",
    "商贸": "trade",
    "进出口": "trade",
    "实业": "industrial",
    "发展": "development",
    "投资": "investment",
    "控股": "holding",
    "咨询": "consulting",
    "管理": "management",
    "服务": "services",
    "文化": "culture",
    "传媒": "media",
    "广告": "advertising",
    "物流": "logistics",
    "供应链": "logistics",
    "餐饮": "catering",
    "教育": "education",
    "医疗": "medical",
    "医药": "pharma",
    "制药": "pharma",
    "生物": "bio",
    "建设": "construction",
    "工程": "engineering",
    "建筑": "construction",
    "设计": "design",
    "环保": "environment",
    "能源": "energy",
    "新能源": "energy",
    "电器": "appliances",
    "电气": "electrical",
    "机械": "machinery",
    "设备": "equipment",
    "制造": "manufacturing",
    "食品": "food",
    "服饰": "apparel",
    "服装": "apparel",
    "家居": "home",
    "智能": "smart",
    "数据": "data",
    "国际": "international",
    "营销": "marketing",
    "装饰": "decoration",
    "汽车": "auto",
    "通信": "telecom",
    "半导体": "semiconductor",
    "材料": "materials",
    "化工": "chemicals",
    "金融": "finance",
    "地产": "realestate",
    "房地产": "realestate",
    "置业": "realestate",
    "酒店": "hotel",
    "旅游": "travel",
    "农业": "agriculture",
    "茶叶": "tea",
    "光电": "optoelectronics",
    "仪器": "instruments",
}
_INDUSTRY_ZH_WORDS = sorted(_INDUSTRY_ZH, key=len, reverse=True)
_FORMS_EN = {
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "group",
    "branch",
    "holdings",
    "pte",
    "pty",
    "bv",
    "nv",
    "srl",
    "spa",
    "the",
    "and",
    "of",
}
_INDUSTRY_EN = {
    "technology": "tech",
    "technologies": "tech",
    "tech": "tech",
    "trading": "trade",
    "trade": "trade",
    "import": "trade",
    "export": "trade",
    "international": "international",
    "software": "software",
    "consulting": "consulting",
    "services": "services",
    "service": "services",
    "industrial": "industrial",
    "industries": "industrial",
    "logistics": "logistics",
    "electronics": "electronics",
    "network": "net",
    "networks": "net",
    "systems": "systems",
    "solutions": "solutions",
    "information": "info",
    "development": "development",
    "investment": "investment",
    "management": "management",
    "media": "media",
    "manufacturing": "manufacturing",
    "global": "international",
}
_COUNTRY = ("中国", "china", "prc")
_LATIN = re.compile(r"[a-z0-9]+")
_BRACKETS = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
#: Trade names at least this similar (`similarity`) are similar names, when at least this long.
FUZZY_RATIO = 0.85
FUZZY_MIN_LENGTH = 4


@dataclass(frozen=True)
class NameProfile:
    """A company name taken apart: its trade name, the provinces and industries it names, and its legal form."""

    core: str
    provinces: frozenset[str]
    industries: frozenset[str]
    latin: bool


@dataclass(frozen=True)
class NameMatch:
    """Why two names look like one company: the trade name they share and how alike they are (0-1)."""

    reason: str  # "same_trade_name" or "similar_name"
    trade_name: str
    score: float


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).casefold()).strip()


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, str]:
    """Chinese and English region words -> the code of their province."""
    codes: dict[str, str] = {}
    for p in regions.provinces():
        for word in (p.name, p.short, regions.key(p.en)):
            codes.setdefault(word, p.code)
        for c in p.cities:
            for word in (c.name, c.short, regions.key(c.en)):
                codes.setdefault(word, p.code)
    return codes


def _strip_suffixes(text: str, words: list[str]) -> tuple[str, list[str]]:
    found: list[str] = []
    changed = True
    while changed:
        changed = False
        for word in words:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
                found.append(word)
                break
    return text, found


def _chinese_profile(folded: str) -> NameProfile:
    codes = _region_codes()
    provinces: set[str] = set()
    text = folded.replace(" ", "")

    def bracketed(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if inner in codes:
            provinces.add(codes[inner])
            return ""
        return "" if inner in _COUNTRY else inner

    text = _BRACKETS.sub(bracketed, text)
    text, _ = _strip_suffixes(text, _FORMS_ZH)
    for country in _COUNTRY:
        text = text.removeprefix(country)
    words, longest = _region_lookup()
    # a leading region (上海华为, 深圳市腾讯), the longest first: the text's prefixes looked up, not every word tried
    for size in range(min(longest, len(text) - 2), 1, -1):
        if text[:size] in words:
            provinces.add(codes[text[:size]])
            text = text[size:]
            break
    core, industry_words = _strip_suffixes(text, _INDUSTRY_ZH_WORDS)
    for size in range(min(longest, len(core) - 2), 1, -1):  # a trailing region: 华为技术上海 (brackets lost)
        if core[-size:] in words:
            provinces.add(codes[core[-size:]])
            core = core[:-size]
            break
    return NameProfile(core, frozenset(provinces), frozenset(_INDUSTRY_ZH[w] for w in industry_words), False)


def _latin_profile(folded: str) -> NameProfile:
    codes = _region_codes()
    provinces: set[str] = set()
    industries: set[str] = set()
    core: list[str] = []
    for word in _LATIN.findall(folded):
        if word in _FORMS_EN or word in _COUNTRY:
            continue
        if word in _INDUSTRY_EN:
            industries.add(_INDUSTRY_EN[word])
        elif word in codes and core:  # a region after the trade name: "Acme Shanghai"
            provinces.add(codes[word])
        else:
            core.append(word)
    if len(core) > 1 and core[0] in codes:  # a leading region: "Shanghai Acme"
        provinces.add(codes[core.pop(0)])
    return NameProfile(" ".join(core), frozenset(provinces), frozenset(industries), True)


def profile(name: str) -> NameProfile:
    """A company name taken apart (Chinese when it has Chinese characters, else Latin)."""
    folded = _fold(name)
    if any("\u3400" <= ch <= "\u9fff" for ch in folded):
        return _chinese_profile(folded)
    return _latin_profile(folded)


def compare(a: str, b: str) -> NameMatch | None:
    """How two company names look like one company; None when they do not (different trade names, or the same
    trade name in different provinces or industries)."""
    left, right = profile(a), profile(b)
    if not left.core or not right.core or left.latin != right.latin:
        return None
    if left.provinces and right.provinces and not left.provinces & right.provinces:
        return None
    if left.industries and right.industries and not left.industries & right.industries:
        return None
    if left.core == right.core:
        return NameMatch("same_trade_name", left.core, 0.95 if len(left.core) > 1 else 0.6)
    shorter = min(left.core, right.core, key=len)
    if len(shorter) >= FUZZY_MIN_LENGTH:
        ratio = similarity(left.core, right.core)
        if ratio >= FUZZY_RATIO:
            return NameMatch("similar_name", shorter, round(0.9 * ratio, 3))
    return None


def grams(core: str) -> list[str]:
    """A trade name's character bigrams, each once, sorted (the name itself when one character long): what a
    customer stores (`Customer.trade_grams`) so that the duplicate finder looks up and scores names in SQL."""
    if len(core) == 1:
        return [core]
    return sorted({core[i : i + 2] for i in range(len(core) - 1)})


def similarity(a: str, b: str) -> float:
    """How alike two trade names are, 0-1: the Dice coefficient of their bigram sets (the duplicate finder's SQL
    computes the same, `rapport.customers.duplicates`)."""
    left, right = set(grams(a)), set(grams(b))
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


@lru_cache(maxsize=1)
def _region_lookup() -> tuple[frozenset[str], int]:
    """The region words as a set, and the longest one's length."""
    words = regions.region_words()
    return frozenset(words), max(len(w) for w in words)


def name_keys(name: str) -> dict[str, object]:
    """The columns a customer keeps of its name for the duplicate finder (set whenever the name is written)."""
    keys = _name_keys(name)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in keys.items()}


@lru_cache(maxsize=8192)
def _name_keys(name: str) -> dict[str, object]:
    """`name_keys`, kept for the names seen last (an import takes each name apart in its preview and its run)."""
    taken = profile(name)
    return {
        "trade_name": taken.core[:200],
        "trade_grams": tuple(grams(taken.core)),
        "name_provinces": tuple(sorted(taken.provinces)),
        "name_industries": tuple(sorted(taken.industries)),
        "trade_latin": taken.latin,
    }
