"""China's provinces and prefecture-level cities (`regions_cn.json`), and reading free text as one of them.

A region is stored by its standard Chinese name (上海市, 广西壮族自治区, 深圳市); people type the short form (上海,
广西, 深圳), the English name (Shanghai, Guangxi) or the standard name with other spacing or width. `find_province`
and `find_city` read any of these; `province_spellings` and `city_spellings` give every spelling of the region a
text names, so that a filter finds rows whether they were stored normalised or as typed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

DATA: Final = Path(__file__).resolve().parent / "regions_cn.json"
#: English words around a region name that do not change which region it is.
_EN_WORDS = re.compile(
    r"(province|city|shi|sheng|municipality|autonomous|region|prefecture|special|administrative|sar|zhuang|hui|"
    r"uygur|uyghur|uighur)$"
)


@dataclass(frozen=True)
class City:
    """A prefecture-level city (or a county-level city its province administers directly)."""

    code: str
    name: str
    short: str
    en: str


@dataclass(frozen=True)
class Province:
    """A province, autonomous region, municipality or special administrative region, with its cities."""

    code: str
    name: str
    short: str
    en: str
    cities: tuple[City, ...]


@dataclass(frozen=True)
class RegionMatch:
    """What a province and a city typed as free text are: standard names, or None where not recognised."""

    province: str | None
    city: str | None

    @property
    def complete(self) -> bool:
        """Both the province and the city (where one was given) were recognised."""
        return self.province is not None and self.city is not None


def key(text: str) -> str:
    """A region name as compared: width- and case-folded, without spaces, apostrophes, hyphens or brackets."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s'’\-·.,()（）]", "", folded)


def _en_key(text: str) -> str:
    value = key(text)
    while True:  # "Guangxi Zhuang Autonomous Region" -> guangxi, "Shanghai Shi" -> shanghai
        stripped = _EN_WORDS.sub("", value)
        if stripped == value or not stripped:
            return value
        value = stripped


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """Every province with its cities, in the order of their codes."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Province(
            code=p["code"],
            name=p["name"],
            short=p["short"],
            en=p["en"],
            cities=tuple(City(c["code"], c["name"], c["short"], c["en"]) for c in p["cities"]),
        )
        for p in raw["provinces"]
    )


def _spellings(name: str, short: str, en: str) -> set[str]:
    return {key(name), key(short), _en_key(en)}


@lru_cache(maxsize=1)
def _province_index() -> dict[str, Province]:
    return {spelling: p for p in provinces() for spelling in _spellings(p.name, p.short, p.en)}


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[tuple[Province, City]]]:
    index: dict[str, list[tuple[Province, City]]] = {}
    for p in provinces():
        for c in p.cities:
            for spelling in _spellings(c.name, c.short, c.en):
                index.setdefault(spelling, []).append((p, c))
    return index


def find_province(text: str | None) -> Province | None:
    """The province a text names (上海, 上海市, Shanghai, 广西壮族自治区...), None if none or unknown."""
    if not text or not text.strip():
        return None
    return _province_index().get(key(text)) or _province_index().get(_en_key(text))


def find_city(text: str | None, province: Province | None = None) -> tuple[Province, City] | None:
    """The city a text names, within `province` when given; without one, only a name no two cities share."""
    if not text or not text.strip():
        return None
    found = _city_index().get(key(text)) or _city_index().get(_en_key(text)) or []
    if province is not None:
        found = [(p, c) for p, c in found if p.code == province.code]
    return found[0] if len(found) == 1 else None


def match(province_text: str | None, city_text: str | None) -> RegionMatch:
    """Standard names of a province and city typed as free text; a known city alone gives its province too."""
    province = find_province(province_text)
    city = find_city(city_text, province)
    if province is None and city is not None and not (province_text or "").strip():
        province = city[0]  # only the city was given: its province is known
    if province is None and city is not None:
        city = None  # a province that is not recognised: the city cannot be trusted either
    return RegionMatch(province.name if province else None, city[1].name if city else None)


def province_spellings(texts: Iterable[str]) -> list[str]:
    """Every spelling of the provinces these texts name (standard, short, English), and each text as given."""
    found: set[str] = set()
    for text in texts:
        found.add(text)
        province = find_province(text)
        if province is not None:
            found |= {province.name, province.short, province.en}
    return sorted(found)


def city_spellings(texts: Iterable[str], provinces_given: Sequence[str] = ()) -> list[str]:
    """Every spelling of the cities these texts name (within the given provinces when one is named), and each
    text as given."""
    within = [p for p in (find_province(t) for t in provinces_given) if p is not None]
    found: set[str] = set()
    for text in texts:
        found.add(text)
        candidates = _city_index().get(key(text)) or _city_index().get(_en_key(text)) or []
        if within:
            candidates = [(p, c) for p, c in candidates if any(p.code == w.code for w in within)]
        for _, city in candidates:
            found |= {city.name, city.short, city.en}
    return sorted(found)


@lru_cache(maxsize=1)
def region_words() -> tuple[str, ...]:
    """Every Chinese name and short form of a province or city, longest first (to find them inside a text); computed
    once (names of customers are taken apart with it at every write)."""
    words = {w for p in provinces() for w in (p.name, p.short)}
    words |= {w for p in provinces() for c in p.cities for w in (c.name, c.short)}
    return tuple(sorted((w for w in words if len(w) >= 2), key=lambda w: (-len(w), w)))


def standard_province(text: str | None) -> str | None:
    """The standard name of the province a text names; the text as given (trimmed) when it names none."""
    province = find_province(text)
    return province.name if province is not None else ((text or "").strip() or None)


def standard_city(text: str | None, province_text: str | None = None) -> str | None:
    """The standard name of the city a text names (within the named province, when one is); the text as given
    (trimmed) when it names none."""
    found = find_city(text, find_province(province_text))
    return found[1].name if found is not None else ((text or "").strip() or None)


def same_province(a: str | None, b: str | None) -> bool:
    """Two texts name the same province (上海 and 上海市), or are the same text."""
    return standard_province(a) == standard_province(b)


def normalised(province: str | None, city: str | None) -> tuple[str | None, str | None]:
    """What a stored province and city become: their standard names where recognised, else as stored."""
    found = match(province, city)
    return (found.province or province, found.city or city)


def unrecognised(province: str | None, city: str | None) -> list[str]:
    """Which of a stored province and city (given, not empty) name no region of the list: "province", "city"."""
    found = match(province, city)
    missing = []
    if (province or "").strip() and found.province is None:
        missing.append("province")
    if (city or "").strip() and found.city is None:
        missing.append("city")
    return missing
