"""Load a register file: YAML with line numbers -> JSON Schema -> rules the schema cannot say -> dataclasses.

Every problem becomes a RegisterError `file:line: field: what is wrong`, so a DPO can fix the file
without reading Python.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from ..paths import data_dir
from .model import Activity, EventDate, Register, RegisterError, Retention, Selector, category_within
from .periods import parse_period
from .yaml_lines import YamlProblem, format_path, line_of, load_with_lines

LOCATION_KINDS = ("path", "mail", "database")
RULE_KINDS = ("duration", "review", "none_stated")


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads((data_dir("examples") / "register.schema.json").read_text())


def load_register(path: str | Path) -> Register:
    """Read and validate a register (YAML). Raises RegisterError naming file, line and field.

    Example message: `examples/x.yaml:42: activities[3].retention.duration: 'P30X' is not an ISO 8601
    duration ...`. All schema problems are listed, one per line, in file order.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RegisterError(f"{path}: cannot read register: {e.strerror or e}") from e
    try:
        data, lines = load_with_lines(text)
    except YamlProblem as e:
        raise RegisterError(f"{path}:{e.line}: {e.message}") from e
    if data is None:
        raise RegisterError(f"{path}:1: the register is empty; it needs a list of activities")
    problems = schema_problems(data, lines)
    if problems:
        raise RegisterError("\n".join(f"{path}:{line}: {msg}" for line, msg in problems))
    return _Builder(path, lines).register(data)


def schema_problems(data: Any, lines: dict) -> list[tuple[int, str]]:
    validator = jsonschema.Draft202012Validator(schema())
    out = []
    for err in validator.iter_errors(data):
        for leaf in _leaves(err):
            where = tuple(leaf.absolute_path)
            out.append((line_of(lines, where), f"{format_path(where)}: {_message(leaf)}"))
    return sorted(set(out))


def _leaves(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf (a rule or a list of rules), report what is wrong inside the branch the value meant."""
    if not err.context:
        return [err]
    meant = [e for e in err.context if not (e.validator == "type" and not e.relative_path)]
    return [leaf for e in meant for leaf in _leaves(e)] if meant else [err]


def _message(err: jsonschema.ValidationError) -> str:
    custom = err.schema.get("errorMessage") if isinstance(err.schema, dict) else None
    if custom and err.validator in ("pattern", "enum", "const"):
        return f"{err.instance!r} {custom}"
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "additionalProperties":
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return f"{err.message}; allowed: {allowed}"
    return err.message


def _listed(value) -> tuple[str, ...]:
    """A field that takes one value or a list (`legal_basis: consent` or `[consent, contract]`)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class _Builder:
    """Turns validated data into dataclasses, checking what JSON Schema cannot express."""

    def __init__(self, path: Path, lines: dict):
        self.path = path
        self.lines = lines

    def fail(self, where: tuple, message: str) -> RegisterError:
        return RegisterError(f"{self.path}:{line_of(self.lines, where)}: {format_path(where)}: {message}")

    def register(self, data: dict) -> Register:
        seen: dict[str, int] = {}
        activities = []
        for i, raw in enumerate(data["activities"]):
            where = ("activities", i)
            if raw["id"] in seen:
                raise self.fail(where + ("id",), f"duplicate id '{raw['id']}' (also activities[{seen[raw['id']]}])")
            seen[raw["id"]] = i
            activities.append(self.activity(raw, where))
        return Register(path=self.path, activities=tuple(activities), organization=data.get("organization") or {},
                        root=data.get("root"))

    def activity(self, raw: dict, where: tuple) -> Activity:
        rules_raw = raw["retention"] if isinstance(raw["retention"], list) else [raw["retention"]]
        rules_where = [where + ("retention", i) if isinstance(raw["retention"], list) else where + ("retention",)
                       for i in range(len(rules_raw))]
        rules = tuple(self.rule(r, w) for r, w in zip(rules_raw, rules_where))
        for i, rule in enumerate(rules[:-1]):
            if not rule.categories and not rule.locations:
                raise self.fail(rules_where[i + 1], "unreachable: an earlier rule without categories or locations "
                                                     "applies to everything; put the general rule last")
        for w, rule in zip(rules_where, rules):
            for key in rule.categories:
                # Related either way: a rule may narrow (user.contact.email) or name a declared key's parent.
                if not any(category_within(key, c) or category_within(c, key) for c in raw["data_categories"]):
                    raise self.fail(w + ("categories",), f"'{key}' is not among the activity's data_categories")
        return Activity(
            id=raw["id"], name=raw["name"], purpose=raw["purpose"], role=raw["role"],
            data_subjects=tuple(raw["data_subjects"]), data_categories=tuple(raw["data_categories"]),
            legal_basis=_listed(raw["legal_basis"]),
            locations=tuple(self.selector(loc, where + ("locations", i)) for i, loc in enumerate(raw["locations"])),
            retention=rules, special_category_basis=_listed(raw.get("special_category_basis")),
            art10_authority=raw.get("art10_authority"), recipients=tuple(raw.get("recipients") or ()),
            transfers=tuple(raw.get("transfers") or ()), data_use=raw.get("data_use"),
            line=line_of(self.lines, where),
        )

    def selector(self, raw: dict, where: tuple) -> Selector:
        kinds = [k for k in LOCATION_KINDS if k in raw]
        if len(kinds) != 1:
            raise self.fail(where, f"a location needs exactly one of {', '.join(LOCATION_KINDS)} (found: "
                                   f"{', '.join(kinds) or 'none'})")
        kind = kinds[0]
        fields = (("path", raw["path"]),) if kind == "path" else tuple(raw[kind].items())
        for name, value in fields:
            if name != "address" and value.count("{") != value.count("}"):
                raise self.fail(where + ((kind,) if kind == "path" else (kind, name)),
                                f"'{value}': unbalanced braces in a glob ({{a,b}} means a or b)")
        return Selector(kind=kind, fields=fields, line=line_of(self.lines, where))

    def rule(self, raw: dict, where: tuple) -> Retention:
        kinds = [k for k in RULE_KINDS if k in raw]
        if len(kinds) != 1:
            raise self.fail(where, "a retention rule needs exactly one of duration, review, none_stated "
                                   f"(found: {', '.join(kinds) or 'none'})")
        kind = kinds[0]
        common = dict(as_declared=raw.get("as_declared"), basis=raw.get("basis"),
                      categories=tuple(raw.get("categories") or ()),
                      locations=tuple(self.selector(loc, where + ("locations", i))
                                      for i, loc in enumerate(raw.get("locations") or ())),
                      line=line_of(self.lines, where))
        if kind == "none_stated":
            extra = [k for k in ("from", "after") if k in raw]
            if extra:
                raise self.fail(where + (extra[0],), "a none_stated rule has no start; remove it")
            return Retention(kind="none_stated", **common)
        period = parse_period(raw[kind])
        if kind == "review":
            if "from" not in raw or "after" in raw:
                raise self.fail(where + ("review",), "a review cycle needs 'from' (the timestamp it counts from)")
            return Retention(kind="review", period=period, start=raw["from"], **common)
        if ("from" in raw) == ("after" in raw):
            raise self.fail(where + ("duration",), "a duration needs exactly one of 'from' (a timestamp) or "
                                                   "'after' (an event)")
        if "from" in raw:
            return Retention(kind="duration", period=period, start=raw["from"], **common)
        return Retention(kind="event", period=period, after=self.event(raw["after"], where + ("after",)), **common)

    def event(self, raw: dict, where: tuple) -> EventDate:
        if ("path" in raw) == ("calendar" in raw):
            raise self.fail(where, "an event date needs exactly one of 'path' (a regex over the uri) or "
                                   "'calendar' (a CSV of key,end)")
        if "path" in raw:
            self.regex(raw["path"], "date", where + ("path",))
            return EventDate(event=raw["event"], path=raw["path"])
        if "key" not in raw:
            raise self.fail(where, "a calendar needs 'key': a regex over the uri with a (?P<key>...) group")
        self.regex(raw["key"], "key", where + ("key",))
        return EventDate(event=raw["event"], key=raw["key"], calendar_file=raw["calendar"],
                         calendar=self.calendar(raw["calendar"], where + ("calendar",)))

    def regex(self, pattern: str, group: str, where: tuple) -> None:
        try:
            rx = re.compile(pattern)
        except re.error as e:
            raise self.fail(where, f"'{pattern}' is not a regular expression: {e}") from e
        if group not in rx.groupindex:
            raise self.fail(where, f"'{pattern}' has no (?P<{group}>...) group")

    def calendar(self, name: str, where: tuple) -> dict:
        file = (self.path.parent / name).resolve()
        try:
            with open(file, newline="", encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as e:
            raise self.fail(where, f"cannot read calendar {file}: {e.strerror or e}") from e
        out: dict[str, date | None] = {}
        for n, row in enumerate(rows, start=2):
            if "key" not in row or "end" not in row:
                raise RegisterError(f"{file}:1: calendar needs the columns key,end")
            end = (row["end"] or "").strip()
            try:
                out[row["key"].strip()] = date.fromisoformat(end) if end else None
            except ValueError as e:
                raise RegisterError(f"{file}:{n}: end: '{end}' is not a date (YYYY-MM-DD)") from e
        return out
