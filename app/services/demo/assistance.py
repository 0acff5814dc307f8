"""Assistance persons (帮扶责任人) and their assignments to monitored households."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.services.demo.chance import Weighted
from app.services.demo.names import mobile, person_name
from app.services.demo.run import Batch, Cadre, Run, Village
from app.store.ids import new_id
from app.store.models import Assignment, AssistancePerson

_COUNTY_UNITS = Weighted([
    (("{county}委办公室", "县级"), 3), (("{county}人民政府办公室", "县级"), 3),
    (("{county}委组织部", "县级"), 2), (("{county}发展和改革局", "县级"), 3),
    (("{county}财政局", "县级"), 3), (("{county}教育局", "县级"), 5),
    (("{county}卫生健康局", "县级"), 4), (("{county}民政局", "县级"), 3),
    (("{county}人力资源和社会保障局", "县级"), 3), (("{county}农业农村局", "县级"), 5),
    (("{county}住房和城乡建设局", "县级"), 3), (("{county}水务局", "县级"), 2),
    (("{county}医疗保障局", "县级"), 2), (("{county}乡村振兴局", "县级"), 3),
    (("{county}自然资源和规划局", "县级"), 2), (("{county}交通运输局", "县级"), 2),
    (("{county}市场监督管理局", "县级"), 2), (("{county}公安局", "县级"), 3),
    (("{county}人民法院", "县级"), 2), (("国网{county}供电公司", "中央"), 2),
    (("中国农业银行{county}支行", "中央"), 2), (("中国邮政储蓄银行{county}支行", "中央"), 1),
    (("国家税务总局{county}税务局", "中央"), 2), (("{county}农村信用联社", "省级"), 2),
    (("衡水市生态环境局{county}分局", "市级"), 1),
])
_OFFICIAL_POSTS = Weighted([("一级科员", 25), ("四级主任科员", 15), ("副科长", 15),
                            ("科长", 12), ("股长", 10), ("副局长", 6), ("办公室主任", 7),
                            ("职员", 10)])
_TOWNSHIP_POSTS = Weighted([("包村干部", 45), ("副镇长", 8), ("党委委员", 7),
                            ("驻村工作队员", 25), ("乡镇干部", 15)])
_VILLAGE_POSTS = Weighted([("村党支部书记", 25), ("村委会主任", 20), ("村委会委员", 25),
                           ("村会计", 10), ("村妇联主席", 10), ("村监委会主任", 10)])
_POLITICS = {
    "official": Weighted([("中共党员", 74), ("群众", 14), ("中共预备党员", 3),
                          ("共青团员", 5), ("民主党派", 4)]),
    "cadre": Weighted([("中共党员", 82), ("群众", 12), ("中共预备党员", 6)]),
}
_END_REASONS = Weighted([("工作调动", 50), ("岗位调整", 25), ("退休", 15), ("因病不能履职", 10)])


def assign_helpers(run: Run, batch: Batch, household_id: str, village: Village, start: date,
                   end: date | None) -> None:
    """The household's assistance person from identification (``start``) to elimination
    (``end``); now and then the first one left and another took over."""
    rng, today = run.rng, run.today
    person = _person(run, batch, village, helping=end is None)
    first_reason = "县级审定纳入监测，落实帮扶责任人"
    if rng.random() < 0.12 and (today - start).days > 120:
        earlier = _official(run, batch, village)
        switch = start + timedelta(days=rng.randrange(60, (today - start).days))
        if end is not None:
            switch = min(switch, end - timedelta(days=1))
        reason = _END_REASONS.pick(rng)
        if reason in ("工作调动", "退休"):
            earlier["active"] = False
        batch.add(Assignment, _assignment(household_id, earlier["id"], start, switch,
                                          first_reason, reason))
        batch.add(Assignment, _assignment(household_id, person["id"], switch, end,
                                          f"原帮扶责任人{reason}，更换帮扶责任人", "风险已消除"))
    else:
        batch.add(Assignment, _assignment(household_id, person["id"], start, end, first_reason,
                                          "风险已消除"))


def _assignment(household_id: str, person_id: str, start: date, end: date | None,
                start_reason: str, end_reason: str) -> dict[str, Any]:
    return {"household_id": household_id, "person_id": person_id, "is_primary": True,
            "start_date": start, "end_date": end, "start_reason": start_reason,
            "end_reason": end_reason if end else ""}


def _person(run: Run, batch: Batch, village: Village, helping: bool) -> dict[str, Any]:
    """A county official, or a cadre of the village or township with room for one more
    household (``helping``: the household still needs the help, so it counts to the load)."""
    rng = run.rng
    if rng.random() < 0.65:
        return _official(run, batch, village)
    cadres = [c for c in village.cadres if c.load < c.capacity]
    if not cadres:
        # The county allows 5 households per cadre; a few cadres are over it.
        capacity = rng.randint(2, 5) if rng.random() > 0.08 else 6
        cadre = Cadre(_cadre_row(run, batch, village), capacity)
        village.cadres.append(cadre)
        cadres = [cadre]
    cadre = cadres[0]
    if helping:
        cadre.load += 1
    return cadre.row


def _official(run: Run, batch: Batch, village: Village) -> dict[str, Any]:
    rng = run.rng
    unit, relation = _COUNTY_UNITS.pick(rng)
    male = rng.random() < 0.62
    birth_year = run.today.year - rng.randint(26, 58)
    return _add_person(run, batch, village, male, birth_year,
                       unit.format(county=run.scope.county_name), relation, _OFFICIAL_POSTS,
                       _POLITICS["official"])


def _cadre_row(run: Run, batch: Batch, village: Village) -> dict[str, Any]:
    rng = run.rng
    township_name = run.scope.townships.get(village.township, "")
    at_township = rng.random() < 0.4
    male = rng.random() < 0.7
    birth_year = run.today.year - rng.randint(28, 60)
    if at_township:
        unit, relation, posts = f"{township_name}人民政府", "乡镇", _TOWNSHIP_POSTS
    else:
        unit = f"{village.name}村民委员会".replace("村村", "村")
        relation, posts = "村级", _VILLAGE_POSTS
    return _add_person(run, batch, village, male, birth_year, unit, relation, posts,
                       _POLITICS["cadre"])


def _add_person(run: Run, batch: Batch, village: Village, male: bool, birth_year: int,
                unit: str, relation: str, posts: Weighted[str],
                politics: Weighted[str]) -> dict[str, Any]:
    rng = run.rng
    row = {"id": new_id(), "name": person_name(rng, male, birth_year),
           "sex": "男" if male else "女", "phone": mobile(rng), "unit": unit,
           "unit_relation": relation, "post": posts.pick(rng),
           "political_status": politics.pick(rng),
           "division_code": village.township or village.code, "active": True}
    run.summary.assistance_persons += 1
    return batch.add(AssistancePerson, row)
