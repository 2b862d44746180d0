"""The pool of province projects (附件1) and city items (附件2) a synthetic year draws from.

Every name, phrase and figure here is written for the generator; ``{q}`` is the quantity
done so far, ``{n}`` the annual target printed in a city item's name, ``{t}`` a target
percentage (not progress).
"""

from __future__ import annotations

from synth.model import CategorySpec, CityItemSpec, IndicatorSpec, ProjectSpec

P = ProjectSpec
I = IndicatorSpec  # noqa: E741

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        ("推进教育优质均衡发展", "办好人民满意教育"),
        (
            P(
                "kindergarten",
                "新建改扩建公办幼儿园",
                "quantity",
                "市教育局",
                "全市已完工公办幼儿园{q}所",
                (18, 40),
                metrics=("形象进度", "进度为"),
            ),
            P(
                "teacher_flats",
                "乡村教师周转宿舍建设",
                "county",
                "市教育局",
                "累计建成乡村教师周转宿舍{q}套",
                (300, 900),
                alt_name="建设乡村教师周转宿舍",
            ),
            P(
                "school_meals",
                "中小学校食堂“明厨亮灶”全覆盖",
                "quantity",
                "市教育局",
                "完成食堂改造{q}所",
                (120, 420),
                metrics=("完成率", "完成率达"),
            ),
        ),
    ),
    CategorySpec(
        ("提升医疗卫生服务能力", "守护群众生命健康"),
        (
            P(
                "sealants",
                "适龄儿童免费窝沟封闭",
                "quantity",
                "市卫生健康委",
                "为适龄儿童实施窝沟封闭{q}人",
                (9000, 26000),
                metrics=("完成率", "进度为"),
            ),
            P(
                "clinics",
                "村卫生室标准化建设",
                "county",
                "市卫生健康委",
                "完成村卫生室标准化建设{q}个",
                (60, 180),
            ),
            P(
                "checkups",
                "65岁以上老年人免费健康体检",
                "quantity",
                "市卫生健康委",
                "累计体检{q}人",
                (60000, 160000),
                metrics=("完成率", "完成年度任务"),
            ),
        ),
    ),
    CategorySpec(
        ("强化困难群众兜底保障", "提高社会救助水平"),
        (
            P(
                "basic_allowance",
                "提高城乡特困人员基本生活标准",
                "completed",
                "市民政局",
                done_texts=("提标资金已足额发放到位。", "已按新标准完成提标发放。"),
            ),
            P(
                "dibao",
                "提高城乡最低生活保障标准",
                "completed",
                "市民政局",
                done_texts=("提标资金已足额发放到位。", "各地已全部按新标准落实到位。"),
            ),
            P(
                "barrier_free",
                "困难残疾人家庭无障碍改造",
                "county",
                "市残联",
                "完成改造{q}户",
                (800, 2600),
                metrics=("进度为", "完成率"),
            ),
        ),
    ),
    CategorySpec(
        ("稳定和扩大就业", "促进高质量充分就业"),
        (
            P(
                "jobs",
                "促进城乡劳动者就业创业",
                "multi",
                "市人力资源社会保障局",
                indicators=(
                    I("城镇新增就业", "城镇新增就业{q}人", (18000, 42000), 0, ("完成年度任务",)),
                    I(
                        "农村劳动力转移就业",
                        "新增农村劳动力转移就业{q}人",
                        (6000, 16000),
                        0,
                        ("完成年度任务",),
                    ),
                ),
            ),
            P(
                "gig_stations",
                "建设零工驿站",
                "quantity",
                "市人力资源社会保障局",
                "全市已建成零工驿站{q}个",
                (12, 36),
                metrics=("进度为", "形象进度"),
            ),
        ),
    ),
    CategorySpec(
        ("完善“一老一小”服务体系", "提升养老托育服务水平"),
        (
            P(
                "childcare",
                "新增普惠性托育托位",
                "county",
                "市卫生健康委",
                "全市新增普惠性托位{q}个",
                (1500, 4200),
                metrics=("完成率", "进度为"),
            ),
            P("elder_centres", "社区嵌入式养老服务中心建设", "stage", "市民政局"),
            P(
                "elder_homes",
                "特殊困难老年人居家适老化改造",
                "quantity",
                "市民政局",
                "完成居家适老化改造{q}户",
                (1200, 3600),
                metrics=("进度为", "完成率达"),
            ),
        ),
    ),
    CategorySpec(
        ("改善城乡人居环境", "提升城乡宜居品质"),
        (
            P(
                "old_estates",
                "城镇老旧小区改造",
                "multi",
                "市住房城乡建设局",
                indicators=(
                    I("开工改造", "已开工改造小区{q}个", (60, 220), 0, ("开工率",)),
                    I("计划投资", "完成投资{q}万元", (30000, 90000), 2, ("计划投资完成率",)),
                ),
            ),
            P(
                "rental_housing",
                "保障性租赁住房建设",
                "county",
                "市住房城乡建设局",
                "开工建设保障性租赁住房{q}套",
                (900, 3200),
                alt_name="筹集建设保障性租赁住房",
            ),
            P(
                "gas_pipes",
                "城市燃气管道老化更新改造",
                "quantity",
                "市城市管理局",
                "完成燃气管道更新改造{q}公里",
                (60, 180),
                2,
                ("完成率", "完成年度目标"),
            ),
            P(
                "toilets",
                "农村户厕问题摸排整改",
                "quantity",
                "市农业农村局",
                "完成问题户厕整改{q}户",
                (5000, 15000),
                metrics=("进度为", "完成率"),
            ),
        ),
    ),
    CategorySpec(
        ("提升公共安全和社会治理水平", "建设更高水平平安城市"),
        (
            P(
                "broadcast",
                "应急广播体系建设",
                "stage",
                "市文化旅游广电局",
                alt_name="市县两级应急广播体系建设",
            ),
            P(
                "legal_aid",
                "公共法律援助服务",
                "quantity",
                "市司法局",
                "全市法律援助机构办理案件{q}件",
                (3000, 7500),
                metrics=("完成率", "完成率达"),
            ),
            P("fire_teams", "乡镇专职消防队建设", "stage", "市消防救援支队"),
        ),
    ),
    CategorySpec(
        ("提升数字便民服务水平", "建设人民满意的数字政府"),
        (
            P(
                "one_net",
                "政务服务“一网通办”提质增效",
                "trap",
                "市数据局",
                "新增上线“一件事”集成服务{q}项",
                (12, 30),
                metrics=("总体形象进度",),
                trap="“高频事项网上可办率提升至{t}%以上”",
            ),
            P(
                "social_card",
                "社会保障卡“一卡通”扩面应用",
                "quantity",
                "市人力资源社会保障局",
                "新增发放第三代社保卡{q}张",
                (50000, 150000),
                metrics=("进度为", "完成率"),
            ),
        ),
    ),
    CategorySpec(
        ("补齐农业农村基础设施短板", "提升农村基础设施水平"),
        (
            P(
                "rural_roads",
                "农村公路提质改造和安防工程",
                "multi",
                "市交通运输局",
                indicators=(
                    I(
                        "农村公路提质改造",
                        "完成农村公路提质改造{q}公里",
                        (300, 700),
                        3,
                        ("完成年度目标", "完成率"),
                    ),
                    I(
                        "生命安全防护工程",
                        "建设生命安全防护工程{q}公里",
                        (900, 2600),
                        3,
                        ("完成年度目标", "完成率"),
                    ),
                    I("危桥改造", "完成危桥改造{q}座", (20, 60), 0, ("完成率",)),
                ),
            ),
            P(
                "reservoirs",
                "小型水库除险加固及灌区改造",
                "multi",
                "市水利局",
                indicators=(
                    I("新增蓄水能力", "新增蓄水能力{q}万立方米", (400, 1200), 2, ("完成率",)),
                    I("改善灌溉面积", "恢复和改善灌溉面积{q}万亩", (6, 18), 2, ("完成率",)),
                ),
            ),
            P(
                "rural_water",
                "农村集中供水工程提标改造",
                "quantity",
                "市水利局",
                "完工供水工程{q}处",
                (40, 140),
                metrics=("进度为", "形象进度"),
            ),
        ),
    ),
    CategorySpec(
        ("丰富群众精神文化生活", "推进文体惠民"),
        (
            P(
                "sports_parks",
                "建设社区体育公园",
                "quantity",
                "市体育局",
                "已建成社区体育公园{q}个",
                (8, 24),
                metrics=("形象进度", "进度为"),
            ),
            P(
                "rural_films",
                "农村公益电影放映",
                "quantity",
                "市委宣传部",
                "全市放映公益电影{q}场",
                (20000, 40000),
                metrics=("完成率", "进度为"),
            ),
            P(
                "city_study",
                "城市书房建设",
                "quantity",
                "市文化旅游广电局",
                "建成城市书房{q}家",
                (10, 30),
                metrics=("进度为", "完成率"),
                alt_name="新建城市书房",
            ),
        ),
    ),
)

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
            I("改造城市供水管网", "改造供水管网{q}公里", (40, 120), 2, ("序时进度",)),
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
