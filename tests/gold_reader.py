"""A small reader of gold sets in the YAML format, for tests of the pure matcher only: it
builds `MatchRecord`s and the gold links without a store. (The store-based evaluation,
`rectrack eval-matching`, reads gold sets through the importer.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.matching.blocking import MatchRecord


@dataclass
class GoldSet:
    records: list[MatchRecord] = field(default_factory=list)
    restates: set[tuple[str, str]] = field(default_factory=set)
    related: set[tuple[str, str]] = field(default_factory=set)
    distinct: set[tuple[str, str]] = field(default_factory=set)

    @property
    def election_of(self) -> dict[str, dt.date]:
        return {record.key: record.election_date for record in self.records}


def read_gold(folder: Path) -> GoldSet:
    gold = GoldSet()
    next_id = 1
    for path in sorted(folder.rglob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if "report" not in document:
            continue
        report = document["report"]
        date = dt.date.fromisoformat(report["election"]["date"])
        for item in document.get("recommendations") or []:
            key = f"{report['id']}#{item['number']}"
            gold.records.append(
                MatchRecord(
                    id=next_id,
                    key=key,
                    country=report["country"],
                    election_date=date,
                    report_id=report["id"],
                    text=item["text"],
                    topics=frozenset(item.get("topics") or ()),
                    observer=report["observer"],
                )
            )
            next_id += 1
            for target in item.get("restates") or ():
                gold.restates.add((key, target))
            for target in item.get("related") or ():
                gold.related.add((key, target))
            for target in item.get("distinct_from") or ():
                gold.distinct.add((key, target))
    return gold
