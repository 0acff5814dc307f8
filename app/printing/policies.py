"""The short policy lines a card lists: derived from the household's measures and risks only.

The texts are keyed by Hebei's kind names; a kind the county renamed finds its text through the
rename history (policy ``measure_kind_origins``, app.domain.policy_lists.kind_identity)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.domain.policy_lists import kind_identity

POLICY_BY_MEASURE_KIND: dict[str, str] = {
    "产业帮扶": "产业帮扶：发展种养殖等产业可按规定申请生产奖补、技术指导和产销对接服务。",
    "就业帮扶": "就业帮扶：免费参加职业技能培训，外出务工可按规定申请交通补贴，符合条件可安排公益岗位。",
    "金融帮扶": "金融帮扶：符合条件的可申请小额信贷，参加农业保险享受保费补贴。",
    "健康帮扶": "健康帮扶：基本医保、大病保险、医疗救助三重保障，家庭医生签约服务，县域内住院先诊疗后付费。",
    "教育帮扶": "教育帮扶：义务教育阶段两免一补、控辍保学，高中及职业教育按规定享受资助和雨露计划补助。",
    "住房安全保障": "住房安全保障：住房出现安全问题的，按规定纳入农村危房改造。",
    "饮水安全保障": "饮水安全保障：饮水出现问题的，由水利部门及时解决。",
    "扶贫项目资产帮扶": "项目资产帮扶：按规定享受扶贫项目资产收益分红。",
    "兜底保障和社会救助": "兜底保障：符合条件的纳入低保或特困供养，遇突发困难可申请临时救助。",
    "社会帮扶": "社会帮扶：结对帮扶、消费帮扶和社会捐赠，由帮扶责任人联系落实。",
    "扶志扶智": "扶志扶智：参加政策宣讲和技能学习，激发内生动力。",
}

# A risk with no measure yet still points the family to the policy that answers it.
MEASURE_KIND_BY_RISK: dict[str, str] = {
    "因病": "健康帮扶",
    "因学": "教育帮扶",
    "因残": "兜底保障和社会救助",
    "因务工就业不稳": "就业帮扶",
    "缺劳动力": "兜底保障和社会救助",
    "因产业项目失败": "产业帮扶",
    "住房出现安全问题": "住房安全保障",
    "饮水安全问题": "饮水安全保障",
}

ALWAYS = "家庭出现返贫致贫风险时，可随时向网格员、帮扶责任人申报，或拨打 12317 反映。"


def policies_for(measure_kinds: Iterable[str], risk_types: Iterable[str],
                 kind_origins: Mapping[str, str] | None = None) -> list[str]:
    """``kind_origins``: renamed kinds' new names → the names they replace."""
    kinds = list(dict.fromkeys(kind_identity(kind, kind_origins or {}) for kind in measure_kinds))
    for risk in risk_types:
        kind = MEASURE_KIND_BY_RISK.get(risk)
        if kind and kind not in kinds:
            kinds.append(kind)
    lines = [POLICY_BY_MEASURE_KIND[k] for k in kinds if k in POLICY_BY_MEASURE_KIND]
    return [*lines, ALWAYS]
