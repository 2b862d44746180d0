"""The pool of city items (附件2) a synthetic year draws from, and the words of planted events.

``{n}``/``{n2}`` are the annual targets printed in an item's name, ``{q}`` the quantity done so
far, ``{t}`` a target percentage printed in the name (not progress).
"""

from __future__ import annotations

from synth.model import CityItemSpec
from synth.model import IndicatorSpec as I

C = CityItemSpec

CITY_ITEMS: tuple[CityItemSpec, ...] = (
    C("parking", "新增城区公共停车泊位{n}个", "quantity", "新增公共停车泊位{q}个", (2000, 6000)),
    C("alleys", "改造提升背街小巷{n}条", "quantity", "完成改造{q}条", (40, 120)),
    C("pocket_parks", "建设城市口袋公园{n}个", "quantity", "已建成口袋公园{q}个", (10, 30)),
    C("flooding", "完成城区易涝点整治{n}处", "quantity", "完成整治{q}处", (12, 40)),
    C("chargers", "新增公共充电桩{n}个", "quantity", "建成公共充电桩{q}个", (800, 2400)),
    C(
        "reemploy",
        "实现失业人员再就业{n}人，就业困难人员再就业{n2}人",
        "multi",
        indicators=(
            I("失业人员再就业", "实现失业人员再就业{q}人", (12000, 30000), 0, ("序时进度",)),
            I("就业困难人员再就业", "就业困难人员再就业{q}人", (3000, 8000), 0, ("序时进度",)),
        ),
    ),
    C(
        "water_mains",
        "改造城市供水管网{n}公里，新建污水管网{n2}公里",
        "multi",
        indicators=(
            I("改造城市供水管网", "改造城市供水管网{q}公里", (40, 120), 2, ("序时进度",)),
            I("新建污水管网", "新建污水管网{q}公里", (30, 90), 2, ("序时进度",)),
        ),
    ),
    C(
        "waste_sorting",
        "城区生活垃圾分类覆盖率达到{t}%以上",
        "trap",
        "新增分类投放小区{q}个",
        (80, 240),
    ),
    C("hpv", "为{n}名适龄女生免费接种HPV疫苗", "quantity", "完成接种{q}人", (6000, 16000)),
    C("resettle", "交付征拆安置房{n}套", "county", "累计交付安置房{q}套", (1500, 4000)),
    C(
        "meals",
        "建设老年助餐服务点{n}个",
        "quantity",
        "已建成助餐点{q}个",
        (60, 160),
        sub_rows=(
            C("canteens", "新建社区老年食堂{n}个", "quantity", "建成社区老年食堂{q}个", (10, 30)),
        ),
    ),
    C("stroke", "开展脑卒中高危人群筛查{n}人", "quantity", "完成筛查{q}人", (4000, 9000)),
    C("t_estates", "完成{n}个老旧小区改造", "tracked", tracks="old_estates"),
    C("t_childcare", "新增普惠性托位{n}个", "tracked", tracks="childcare"),
    C("t_roads", "完成农村公路提质改造{n}公里", "tracked", tracks="rural_roads"),
    C("t_barrier", "完成困难残疾人家庭无障碍改造{n}户以上", "tracked", tracks="barrier_free"),
)

# Sentences that explain a planted drop, by the level it hits.
DROP_REASONS: dict[str, tuple[str, ...]] = {
    "project": (
        "经复核据实核减不符合认定条件的工作量",
        "部分点位未通过阶段验收，据实核减工作量",
        "经省级平台比对，剔除重复录入数据",
    ),
    "unit": ("项目重新挂网招标", "申请调整具体建设点位", "原中标单位退场，重新组织招标"),
    "indicator": ("据实核减未通过验收的工作量", "经交叉核验，据实核减重复统计数据"),
}

ABSENT_TEXTS: tuple[str, ...] = (
    "项目正在开展阶段性复核，本月进度待核定后报送。",
    "因统计口径调整，本期暂不通报进度，数据核实后另行反映。",
)

# the office answering for each city item (the 责任单位 column some circulars carry)
CITY_DEPTS: dict[str, str] = {
    "parking": "市公安局",
    "alleys": "市城市管理局",
    "pocket_parks": "市城市管理局",
    "flooding": "市住房城乡建设局",
    "chargers": "市发展改革委",
    "reemploy": "市人力资源社会保障局",
    "water_mains": "市住房城乡建设局",
    "waste_sorting": "市城市管理局",
    "hpv": "市卫生健康委",
    "resettle": "市住房城乡建设局",
    "meals": "市民政局",
    "canteens": "市民政局",
    "stroke": "市卫生健康委",
    "t_estates": "市住房城乡建设局",
    "t_childcare": "市卫生健康委",
    "t_roads": "市交通运输局",
    "t_barrier": "市残联",
}

# the same items as tables with a 年度目标 column print them: (实事名称, 年度目标)
CITY_GOALS: dict[str, tuple[str, str]] = {
    "parking": ("新增城区公共停车泊位", "{n}个"),
    "alleys": ("改造提升背街小巷", "{n}条"),
    "pocket_parks": ("建设城市口袋公园", "{n}个"),
    "flooding": ("城区易涝点整治", "{n}处"),
    "chargers": ("新增公共充电桩", "{n}个"),
    "reemploy": ("失业人员和就业困难人员再就业", "失业人员再就业{n}人，就业困难人员再就业{n2}人"),
    "water_mains": ("城市供水和污水管网建设", "改造供水管网{n}公里，新建污水管网{n2}公里"),
    "waste_sorting": ("城区生活垃圾分类", "覆盖率达到{t}%以上"),
    "hpv": ("适龄女生HPV疫苗免费接种", "{n}人"),
    "resettle": ("征拆安置房交付", "{n}套"),
    "meals": ("老年助餐服务点建设", "{n}个"),
    "canteens": ("社区老年食堂建设", "{n}个"),
    "stroke": ("脑卒中高危人群筛查", "{n}人"),
    "t_estates": ("老旧小区改造", "{n}个"),
    "t_childcare": ("新增普惠性托位", "{n}个"),
    "t_roads": ("农村公路提质改造", "{n}公里"),
    "t_barrier": ("困难残疾人家庭无障碍改造", "{n}户以上"),
}
