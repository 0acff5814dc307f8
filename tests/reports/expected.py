"""The reports' figures counted independently: plain SQL (and a little Python over its rows) on
the database, following the definitions in docs/reports.md."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from tests.reports.conftest import Query

# The JSON list of a case's risk types, item by item and its first item, in each backend's words.
_JSON_ITEMS = {"sqlite": "json_each(c.risk_types) r",
               "postgresql": "json_array_elements_text(c.risk_types) AS r(value)"}
_JSON_FIRST = {"sqlite": "json_extract(c.risk_types, '$[0]')", "postgresql": "c.risk_types->>0"}
IN_SCOPE = "h.deleted = false AND h.village_code LIKE :prefix"
MONITORED = ("c.deleted = false AND c.identified_on IS NOT NULL AND c.identified_on <= :as_of "
             "AND (c.eliminated_on IS NULL OR c.eliminated_on > :as_of)")
MEASURE_IN_FORCE = ("m.deleted = false AND m.status <> '计划' AND m.start_date <= :as_of "
                    "AND (m.end_date IS NULL OR m.end_date >= :as_of)")


def prefix_of(scope: str) -> str:
    code = scope.rstrip("0")
    # Significant digits by level: county 6, township 9, village 12.
    length = 6 if len(code) <= 6 else 9 if len(code) <= 9 else 12
    return scope[:length] + "%"


def counted(rows: list[Any]) -> dict[str, int]:
    return {str(label or "未填"): int(count) for label, count in rows}


def expected_figures(sql: Query, scope: str, first: date, as_of: date, month_starts: list[tuple[date, date]]
                     ) -> dict[str, Any]:
    p = {"prefix": prefix_of(scope), "first": first.isoformat(), "as_of": as_of.isoformat()}
    one = lambda q, **extra: sql(q, **p, **extra)[0][0] or 0  # noqa: E731
    found: dict[str, Any] = {}
    found["households"] = one(f"SELECT count(*) FROM household h WHERE {IN_SCOPE}")
    found["members"] = one(f"SELECT count(*) FROM member m JOIN household h ON h.id = m.household_id "
                           f"WHERE m.deleted = false AND {IN_SCOPE}")
    found["monitored_by_category"] = counted(sql(
        f"SELECT c.category, count(DISTINCT c.household_id) FROM monitoringcase c JOIN household h "
        f"ON h.id = c.household_id WHERE {MONITORED} AND {IN_SCOPE} GROUP BY c.category", **p))
    found["monitored_people_by_category"] = counted(sql(
        f"SELECT c.category, count(m.id) FROM monitoringcase c JOIN household h ON h.id = c.household_id "
        f"JOIN member m ON m.household_id = h.id AND m.deleted = false WHERE {MONITORED} AND {IN_SCOPE} "
        f"GROUP BY c.category", **p))
    found["identified_by_category"] = counted(sql(
        f"SELECT c.category, count(*) FROM monitoringcase c JOIN household h ON h.id = c.household_id "
        f"WHERE c.deleted = false AND c.identified_on BETWEEN :first AND :as_of AND {IN_SCOPE} GROUP BY 1", **p))
    found["eliminated_by_method"] = counted(sql(
        f"SELECT c.elimination_method, count(*) FROM monitoringcase c JOIN household h ON h.id = c.household_id "
        f"WHERE c.deleted = false AND c.eliminated_on BETWEEN :first AND :as_of AND {IN_SCOPE} GROUP BY 1", **p))
    found["identified_total"] = one(
        f"SELECT count(DISTINCT c.household_id) FROM monitoringcase c JOIN household h ON h.id = c.household_id "
        f"WHERE c.deleted = false AND c.identified_on <= :as_of AND {IN_SCOPE}")
    found["eliminated_total"] = one(
        f"SELECT count(DISTINCT c.household_id) FROM monitoringcase c JOIN household h ON h.id = c.household_id "
        f"WHERE c.deleted = false AND c.eliminated_on <= :as_of AND {IN_SCOPE} AND c.household_id NOT IN "
        f"(SELECT c.household_id FROM monitoringcase c WHERE {MONITORED})")
    found["risk_types"] = counted(sql(
        f"SELECT r.value, count(*) FROM monitoringcase c JOIN household h ON h.id = c.household_id, "
        f"{_JSON_ITEMS[sql.dialect]} WHERE {MONITORED} AND {IN_SCOPE} GROUP BY r.value", **p))
    found["main_risks"] = counted(sql(
        f"SELECT {_JSON_FIRST[sql.dialect]}, count(*) FROM monitoringcase c JOIN household h "
        f"ON h.id = c.household_id WHERE {MONITORED} AND {IN_SCOPE} AND json_array_length(c.risk_types) > 0 "
        f"GROUP BY 1", **p))
    found["measures_in_force"] = counted(sql(
        f"SELECT m.kind, count(*) FROM measure m JOIN household h ON h.id = m.household_id "
        f"WHERE {MEASURE_IN_FORCE} AND {IN_SCOPE} GROUP BY m.kind", **p))
    found["measures_started"] = counted(sql(
        f"SELECT m.kind, count(*) FROM measure m JOIN household h ON h.id = m.household_id WHERE m.deleted = false "
        f"AND m.status <> '计划' AND m.start_date BETWEEN :first AND :as_of AND {IN_SCOPE} GROUP BY m.kind", **p))
    found["visits_done"] = one(f"SELECT count(*) FROM visit v JOIN household h ON h.id = v.household_id "
                               f"WHERE v.deleted = false AND v.visit_date BETWEEN :first AND :as_of AND {IN_SCOPE}")
    found["households_visited"] = one(
        f"SELECT count(DISTINCT v.household_id) FROM visit v JOIN household h ON h.id = v.household_id "
        f"WHERE v.deleted = false AND v.visit_date BETWEEN :first AND :as_of AND {IN_SCOPE}")
    due = visited = 0
    for start, cut in month_starts:
        rows = sql(
            f"SELECT due, visited FROM (SELECT (SELECT v.next_visit_date FROM visit v WHERE v.household_id = h.id "
            f"AND v.deleted = false AND v.visit_date < :start ORDER BY v.visit_date DESC LIMIT 1) AS due, "
            f"EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id AND v.deleted = false "
            f"AND v.visit_date BETWEEN :start AND :cut) AS visited FROM household h WHERE {IN_SCOPE}) AS d "
            f"WHERE due IS NOT NULL AND due <= :cut", **p, start=start.isoformat(), cut=cut.isoformat())
        due += len(rows)
        visited += sum(1 for _, v in rows if v)
    found["visits_due"], found["due_visited"] = due, visited
    overdue = f"""SELECT h.id FROM household h WHERE {IN_SCOPE} AND (SELECT v.next_visit_date FROM visit v
        WHERE v.household_id = h.id AND v.deleted = false AND v.visit_date <= :as_of
        ORDER BY v.visit_date DESC LIMIT 1) < :as_of"""
    found["overdue"] = len(sql(overdue, **p))
    found["overdue_monitored"] = len(sql(
        f"{overdue} AND h.id IN (SELECT c.household_id FROM monitoringcase c WHERE {MONITORED})", **p))
    warnings = sql(f"SELECT w.title, w.status, w.handled_on FROM warning w JOIN household h "
                   f"ON h.id = w.household_id WHERE w.deleted = false AND w.raised_on BETWEEN :first AND :as_of "
                   f"AND {IN_SCOPE}", **p)
    found["warnings_raised"] = dict(Counter(title for title, _, _ in warnings))
    found["warnings_handled_of_raised"] = dict(Counter(
        title for title, status, handled_on in warnings
        if status != "待处置" and handled_on is not None and str(handled_on) <= p["as_of"]))
    found["warnings_handled"] = one(
        f"SELECT count(*) FROM warning w JOIN household h ON h.id = w.household_id WHERE w.deleted = false "
        f"AND w.status <> '待处置' AND w.handled_on BETWEEN :first AND :as_of AND {IN_SCOPE}")
    found["warnings_open"] = one(
        f"SELECT count(*) FROM warning w JOIN household h ON h.id = w.household_id WHERE w.deleted = false "
        f"AND w.raised_on <= :as_of AND (w.status = '待处置' OR w.handled_on IS NULL OR w.handled_on > :as_of) "
        f"AND {IN_SCOPE}")
    helpers = (f"FROM assignment a JOIN household h ON h.id = a.household_id WHERE a.deleted = false "
               f"AND a.start_date <= :as_of AND (a.end_date IS NULL OR a.end_date >= :as_of) AND {IN_SCOPE} "
               f"AND a.household_id IN (SELECT c.household_id FROM monitoringcase c WHERE {MONITORED})")
    found["with_helper"] = one(f"SELECT count(DISTINCT a.household_id) {helpers}")
    found["helper_persons"] = one(f"SELECT count(DISTINCT a.person_id) {helpers}")
    return found


def figures_of(report: Any) -> dict[str, Any]:
    """The report's figures in the shape expected_figures gives them."""
    f = report.figures
    labelled = lambda counts: {c.label: c.value for c in counts}  # noqa: E731
    return {
        "households": f.households, "members": f.members,
        "monitored_by_category": labelled(f.monitored_by_category),
        "monitored_people_by_category": labelled(f.monitored_people_by_category),
        "identified_by_category": labelled(f.identified_by_category),
        "eliminated_by_method": labelled(f.eliminated_by_method),
        "identified_total": f.identified_total, "eliminated_total": f.eliminated_total,
        "risk_types": labelled(f.risk_types), "main_risks": labelled(f.main_risks),
        "measures_in_force": {m.kind: m.in_force for m in f.measures if m.in_force},
        "measures_started": {m.kind: m.started for m in f.measures if m.started},
        "visits_done": f.visits_done, "households_visited": f.households_visited,
        "visits_due": f.visits_due, "due_visited": f.due_visited,
        "overdue": f.overdue, "overdue_monitored": f.overdue_monitored,
        "warnings_raised": {w.title: w.raised for w in f.warnings},
        "warnings_handled_of_raised": {w.title: w.handled for w in f.warnings if w.handled},
        "warnings_handled": f.warnings_handled, "warnings_open": f.warnings_open,
        "with_helper": f.with_helper, "helper_persons": f.helper_persons,
    }
