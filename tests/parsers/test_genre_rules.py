"""The genre reader's rules, each on text written for the test: prose reports, flattened web
tables, tables of places, mirror-site script, meta in any wording."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parsers
from parsers.located import LocText
from parsers.script import INSERTED_PINYIN, is_traditional, simplified, strip_pinyin


def facts(text: str) -> list[tuple[str | None, str | None, float]]:
    return [(f.project, f.county, f.value) for f in parsers.parse_text(text).facts]


def loc(text: str) -> LocText:
    return LocText(text, tuple((None, 1) for _ in text))


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("項(xiàng)目進(jìn)度", "项目进度"),
        ("全區(qū)開工率", "全区开工率"),
        ("撥付資金（bō）", "拨付资金"),
        ("Wi(fi) 不是拼音", "Wi(fi)不是拼音"),
    ],
)
def test_mirror_script_folds_to_simplified(raw: str, plain: str) -> None:
    out = simplified(loc(raw).normalized(), traditional=is_traditional(raw + "們會與為進項"))
    assert out.text == plain
    assert len(out.where) == len(out.text)


def test_the_printed_text_is_kept_beside_the_simplified() -> None:
    out = simplified(loc("縣級資金撥付進度"), traditional=True)
    assert out.text == "县级资金拨付进度"
    assert out.as_printed(0, 4) == "縣級資金"


@given(st.text(alphabet="項目進度(xiàng)區ü1%，。 ", max_size=40))
@settings(max_examples=150, deadline=None)
def test_pinyin_stripping_keeps_every_location(text: str) -> None:
    out = strip_pinyin(loc(text))
    assert len(out.text) == len(out.where)
    assert not INSERTED_PINYIN.search(out.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rate after the item named as the clause's subject
        ("截至8月底，全省乡村学校改薄工程竣工率87.5%。", [("乡村学校改薄工程", None, 87.5)]),
        # a share of the year's task after a quantity
        (
            "1-8月，全市新建村级养老服务站326个，占年度目标任务的81.5%。",
            [("新建村级养老服务站", None, 81.5)],
        ),
        # the subject two clauses back
        (
            "截至8月底，城区停车泊位改造项目完成412个，完成率68.7%。",
            [("城区停车泊位改造项目完成", None, 68.7)],
        ),
        # a respective list over quantities
        (
            "截至8月底，新建公厕120座、改造公厕85座，分别完成年度任务的60%、42.5%。",
            [("新建公厕", None, 60.0), ("改造公厕", None, 42.5)],
        ),
        # a respective list over names in the label's clause
        (
            "截至8月底，饮水提质、便民桥梁、村级图书室等项目完工率分别达到91%、73%和64%。",
            [("饮水提质", None, 91.0), ("便民桥梁", None, 73.0), ("村级图书室", None, 64.0)],
        ),
    ],
)
def test_prose_figures_take_their_subject(
    text: str, expected: list[tuple[str, str | None, float]]
) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "截至8月底，全市城乡居民医保参保率97.2%。",  # an indicator level
        "截至8月底，全市保障房配租使用率达95%以上。",  # a bound
        "截至8月底，失业率控制在4.5%以内。",  # a bound
        "截至8月底，我市开工率高于全省平均水平（70.2%）。",  # a benchmark
        "截至8月底，未启动实施的32个村，占计划的12.5%。",  # not started
        "截至8月底，全市36个项目中有30个已开工，占83.3%。",  # the programme's project count
        "全市义务教育随迁子女100%就近入学。",  # a target's wording
        "截至8月底，全市民生实事投资同比增长12.4%。",  # a growth rate
    ],
)
def test_look_alikes_of_progress_are_left_out_with_a_reason(text: str) -> None:
    result = parsers.parse_text(text)
    assert result.facts == []
    assert result.report.percent_lines_without_facts


def test_a_province_report_gives_its_cities_figures() -> None:
    text = (
        "前8个月全省民生工程进展情况\n"
        "截至8月底，全省农村公路扩面工程完工率达62.4%，宣城市为88%，池州市为71.5%。"
    )
    result = parsers.parse_text(text)
    assert result.meta.place == "安徽省"
    assert result.meta.place_level == "province"
    assert (result.meta.period_start_month, result.meta.period_end_month) == (1, 8)
    got = {(f.county, f.value) for f in result.facts}
    assert got == {(None, 62.4), ("宣城市", 88.0), ("池州市", 71.5)}


PIPE_TABLE = """某省2024年民生工程月报（截至2024年5月31日）
| 市州 | 计划户数 | 已开工户数 | 开工率(%) | 已竣工户数 | 竣工率(%) |
| 全省 | 12000 | 9000 | 75.0 | 3000 | 25.0 |
| 成 都 | 3000 | 2700 | 90.0 | 900 | 30.0 |
| 绵阳 | 2000 | 1500 | 75.0 | 400 | 20.0 |
| 广元 | 1000 | 450 | 45.0 | 100 | 10.0 |
"""


def test_a_pipe_table_of_places_gives_a_fact_per_place_and_column() -> None:
    result = parsers.parse_text(PIPE_TABLE.replace("某省", "四川省"))
    got = {(f.county, f.metric, f.value) for f in result.facts}
    assert ("成都", "开工率(%)", 90.0) in got
    assert ("广元", "竣工率(%)", 10.0) in got
    assert (None, "开工率(%)", 75.0) in got  # the 全省 row is the whole
    assert len(result.facts) == 8
    assert {m.county for m in result.county_mentions} >= {"成都", "绵阳", "广元"}
    assert all(f.section == "table" and f.source.line >= 3 for f in result.facts)


SPACE_TABLE = """全国农村户厕改造进展情况（截至2023年6月末）
序号 省份 改造户数(万户) 完成率
1 河南 52.3 61.2%
2 江西 30.1 55.0%
3 甘肃 12.8 48.7%
"""


def test_a_space_separated_table_is_rebuilt_into_rows() -> None:
    result = parsers.parse_text(SPACE_TABLE)
    assert result.meta.place_level == "country"
    assert {(f.county, f.value) for f in result.facts} == {
        ("河南", 61.2),
        ("江西", 55.0),
        ("甘肃", 48.7),
    }


ONE_CELL_TABLE = """2024年湘潭市民生实事进展情况

序号

实事内容

牵头单位

进展情况

1

新增城市公共停车泊位3000个。

市城管局

已建成泊位2460个，完成率82%。

2

改造老旧供水管网40公里。

市住建局

已完成28公里，完成率70%。
"""


def test_a_table_set_one_cell_per_line_keeps_its_rows() -> None:
    got = facts(ONE_CELL_TABLE)
    assert [v for _, _, v in got] == [82.0, 70.0]
    assert got[0][0].startswith("已建成泊位") or "停车泊位" in (got[0][0] or "")


def test_a_ragged_row_of_a_flattened_table_takes_its_decimal_figures() -> None:
    text = """凉山州2016年易地搬迁月报（截至2016年9月30日）
| 县名 | 计划户数 | 在建 | 完成 |
| 户数 | 占计划(%) | 户数 | 占计划(%) |
| 西昌市 | 300 | 240 | 80.0 | 60 | 20.0 |
| 德昌县 | 100 | 100 | 100.0 | 0.0 |
"""
    got = {(f.county, f.project, f.value) for f in parsers.parse_text(text).facts}
    assert ("西昌市", "在建", 80.0) in got
    assert ("德昌县", "在建", 100.0) in got
    assert ("德昌县", "完成", 0.0) in got


@pytest.mark.parametrize(
    ("text", "year", "months"),
    [
        ("2023年1—7月全县民生实事完成率达61%", 2023, (1, 7)),
        ("发布日期：2021-08-03\n截至7月底，全区民生项目完成率58%。", 2021, (1, 7)),
        ("全市民生工程上半年进展\n时间:2019-07-15\n农村公路完成率66%。", 2019, (1, 6)),
        ("2020年，全省为民办实事项目资金完成年初计划的103.2%。\n2021-01-20", 2020, (1, 12)),
    ],
)
def test_meta_in_any_wording(text: str, year: int, months: tuple[int, int]) -> None:
    meta = parsers.parse_text(text).meta
    assert meta.year == year
    assert (meta.period_start_month, meta.period_end_month) == months


def test_a_traditional_mirror_reads_like_the_original() -> None:
    simple = "截至9月底，全省农村危房改造开工率95.3%，竣工率60.2%。"
    mirror = "截至9月底，全省農(nóng)村危房改造開(kāi)工率95.3%，竣工率60.2%。"
    a, b = parsers.parse_text(simple), parsers.parse_text(mirror)
    assert [f.value for f in a.facts] == [f.value for f in b.facts] == [95.3, 60.2]
    assert b.facts[0].project_simplified == a.facts[0].project
    assert b.facts[0].source.original is not None


def test_a_table_of_prefectures_tells_its_province() -> None:
    text = """各地易地扶贫搬迁工作进度（截至2022年10月31日）
| 序号 | 地区 | 搬迁户数 | 安置房完成比例 | 资金拨付比例 |
| 1 | 遵 义 | 3200 | 91.2% | 80.5% |
| 2 | 毕节 | 5100 | 88.0% | 76.3% |
| 3 | 铜仁 | 2700 | 93.4% | 85.1% |
| 4 | 黔南州 | 1900 | 90.0% | 79.9% |
"""
    result = parsers.parse_text(text)
    assert result.meta.place == "贵州省"
    assert (result.meta.period_start_month, result.meta.period_end_month) == (1, 10)
    got = {(f.county, f.metric, f.value) for f in result.facts}
    assert ("遵义", "安置房完成比例", 91.2) in got
    assert ("黔南州", "资金拨付比例", 79.9) in got
    assert len(got) == 8


def test_a_total_row_of_a_table_of_places_is_the_whole_of_its_project() -> None:
    text = """全省易地扶贫搬迁工程进度情况
| 市（州） | 计划任务(户) | 开工率 | 竣工率 |
| 合 计 | 52000 | 88.6 | 61.2 |
| 广 元 | 8300 | 91.3 | 66.4 |
| 巴 中 | 9100 | 85.0 | 58.7 |
| 凉山州 | 15000 | 80.2 | 50.3 |
"""
    facts = parsers.parse_text(text).facts
    whole = [f for f in facts if f.county is None]
    assert {f.value for f in whole} == {88.6, 61.2}
    assert {f.project for f in facts} == {"全省易地扶贫搬迁工程进度情况"}


def test_a_share_of_the_programmes_own_list_is_no_progress() -> None:
    text = "截至10月31日，全市20項民生實事已完成8個（40%），其中城區公廁改造完成率達95.5%。"
    assert [f.value for f in parsers.parse_text(text).facts] == [95.5]


def test_a_list_of_units_shares_its_status() -> None:
    text = (
        "2023年民生实事项目第三季度进展\n"
        "各县区进展情况：武陵区、鼎城区进展较快；澧县、临澧县进度相对滞后。"
    )
    result = parsers.parse_text(text)
    assert result.meta.place == "常德市"
    said = {(m.county, m.status) for m in result.county_mentions}
    assert said >= {("武陵区", "进展较快"), ("临澧县", "进度相对滞后"), ("澧县", "进度相对滞后")}


def test_a_figure_takes_the_subject_of_the_figure_before_it_in_its_clause() -> None:
    text = "截至7月底，老旧小区改造已开工12个，开工率100%，完工5个，完工率41.7%。"
    facts = parsers.parse_text(text).facts
    assert [(f.value, f.indicator) for f in facts] == [(100.0, "已开工"), (41.7, "完工")]
    assert facts[0].project == facts[1].project


def test_sub_rows_of_a_project_table_are_its_indicators() -> None:
    text = """表1  2022年县级民生实事进度表
序号 | 项目 | 年度任务 | 1-8月完成 | 1-8月实际完成率% |
1 | 农村供水保障工程 | 12处 | 9处 | 75.0 |
其中：新建 | 5处 | 4处 | 80.0 |
改造 | 7处 | 5处 | 71.4 |
2 | 城乡医疗救助 | 3000人次 | 2650人次 | 88.3 |
"""
    got = [(f.project, f.indicator, f.value) for f in parsers.parse_text(text).facts]
    assert got == [
        ("农村供水保障工程", None, 75.0),
        ("农村供水保障工程", "新建", 80.0),
        ("农村供水保障工程", "改造", 71.4),
        ("城乡医疗救助", None, 88.3),
    ]


def test_a_respective_list_over_names_without_quantities() -> None:
    text = "上半年，全市城镇新增就业、农村劳动力转移就业分别完成年度目标任务的105.65%、96.48%。"
    assert [(f.project, f.value) for f in parsers.parse_text(text).facts] == [
        ("城镇新增就业", 105.65),
        ("农村劳动力转移就业", 96.48),
    ]


def test_a_pipe_table_with_header_cells_on_lines_of_their_own() -> None:
    text = """市州 | 七、新建城乡社区养老服务中心 | ||||
进度(个) | 资金(万元、%) | ||||
计划数 | 完成数 | 完成比例 |
资金 下达数 |
资金 下达比例 |
|
全 省 | 120 | 96 | 80.00% | 5000.00 | 90.50% | |
德 阳 | 10 | 9 | 90.00% | 400.00 | 95.00% | |
眉 山 | 8 | 6 | 75.00% | 300.00 | 88.00% | |
雅 安 | 6 | 6 | 100.00% | 250.00 | 100.00% | |
"""
    facts = parsers.parse_text(text).facts
    got = {(f.county, f.metric, f.value) for f in facts}
    assert (None, "完成比例", 80.0) in got
    assert ("德阳", "资金下达比例", 95.0) in got
    assert ("雅安", "完成比例", 100.0) in got
    assert len(facts) == 8
    assert {f.project for f in facts} == {"新建城乡社区养老服务中心"}


def test_done_against_the_target_is_progress() -> None:
    text = "截至12月底，全省新建村级托育点86个，完成目标143%；力争目标为100%。"
    assert [(f.project, f.value) for f in parsers.parse_text(text).facts] == [
        ("新建村级托育点", 143.0)
    ]


def test_a_share_not_started_after_a_semicolon_is_left_out() -> None:
    text = (
        "截至9月底，已启动实施120个村、900户，分别占计划的80%、75%；"
        "未启动实施的30个村、300户，分别占计划的20%、25%。"
    )
    assert [f.value for f in parsers.parse_text(text).facts] == [80.0, 75.0]


PLACE_TABLE_ONE_CELL_PER_LINE = """2023年省重点民生实事（农村公路提质改造）任务为改造800公里。
截至6月底，已完工520公里，完工率65%。
附件
全省重点民生实事项目推进表
序号 |
市州 |
任务(公里) |
完工(公里) |
完工率 |
1 |
株洲市 |
100 |
80 |
80.00% |
2 |
益阳市 |
60 |
27 |
45.00% |
全省 |
800 |
520 |
65.00% |
"""


def test_a_table_of_places_one_cell_per_line_takes_the_reports_one_project() -> None:
    got = {
        (f.project, f.county, f.value)
        for f in parsers.parse_text(PLACE_TABLE_ONE_CELL_PER_LINE).facts
    }
    assert ("农村公路提质改造", "株洲市", 80.0) in got
    assert ("农村公路提质改造", "益阳市", 45.0) in got
    assert ("农村公路提质改造", None, 65.0) in got
    assert all(project == "农村公路提质改造" for project, _, _ in got)


def test_a_space_separated_item_table_with_remarks_reads_each_row_once() -> None:
    text = """某区民生实事项目进度表
序 号 实事内容 单位 目标 已完成 占比 备  注
1 便民服务 社区食堂建设 个 10 8 80% 已建成8个，完成率80%
新建口袋公园 个 4 3 75%
2 老旧小区改造 户 300 300 100% 已全部完工
"""
    got = [(f.project, f.indicator, f.value) for f in parsers.parse_text(text).facts]
    assert ("便民服务", "社区食堂建设", 80.0) in got
    assert ("新建口袋公园", None, 75.0) in got
    assert ("老旧小区改造", None, 100.0) in got
    assert len(got) == 3


def test_a_clause_that_counts_things_names_the_project() -> None:
    text = "今年以来，全区新建8处社区书屋，完成全年任务的40%；改造背街小巷12条、完成率60%。"
    got = [(f.project, f.value) for f in parsers.parse_text(text).facts]
    assert got == [("社区书屋", 40.0), ("改造背街小巷", 60.0)]


def test_the_topic_of_a_sentence_goes_before_what_was_done() -> None:
    text = "雨污分流改造工程，完成改造120公里，占年度任务的96%。"
    got = [(f.project, f.value) for f in parsers.parse_text(text).facts]
    assert got == [("雨污分流改造工程", 96.0)]


def test_bounds_and_shares_of_the_item_list_are_left_out() -> None:
    text = (
        "截至9月底，全市12项实事中有6项提前完成，占比50%；"
        "两县开工率不足70%；城区公厕改造完成率达88%。"
    )
    assert [f.value for f in parsers.parse_text(text).facts] == [88.0]


def test_a_figure_takes_the_places_of_its_own_clause() -> None:
    text = (
        "常德市2022年民生实事第三季度进展\n"
        "农村公路提质改造：汉寿县、桃源县、石门县已提前完成任务，桃源县开工率高达135%，居全市第一。"
    )
    got = [(f.county, f.value) for f in parsers.parse_text(text).facts]
    assert got == [("桃源县", 135.0)]


def test_a_figure_the_text_repeats_from_its_table_is_one_fact() -> None:
    text = PLACE_TABLE_ONE_CELL_PER_LINE.replace("完工率65%。", "完工率65%，株洲市完工率80%。")
    got = [(f.county, f.value) for f in parsers.parse_text(text).facts]
    assert got.count(("株洲市", 80.0)) == 1


def test_places_listed_after_a_status_take_the_project_before_them() -> None:
    text = (
        "1-8月，全省农村危房改造开工率82%。其中进度较快的市州：湘潭市(101.2%)、"
        "株洲市(96.0%)；进度较慢的市州：娄底市(61.5%)。"
    )
    got = {(f.project, f.county, f.value) for f in parsers.parse_text(text).facts}
    assert got == {
        ("农村危房改造", None, 82.0),
        ("农村危房改造", "湘潭市", 101.2),
        ("农村危房改造", "株洲市", 96.0),
        ("农村危房改造", "娄底市", 61.5),
    }


def test_an_item_of_the_remaining_list_counted_in_its_own_units_is_progress() -> None:
    text = "剩余5项中，4个社区食堂建设已完成3个（75%），20条背街小巷改造已完成18条（90%）。"
    got = [(f.project, f.value) for f in parsers.parse_text(text).facts]
    assert [v for _, v in got] == [75.0, 90.0]
    assert "社区食堂建设" in got[0][0] and "背街小巷改造" in got[1][0]


def test_a_report_naming_several_provinces_speaks_of_the_country() -> None:
    text = (
        "住建部通报前8月棚户区改造进度。数据显示，前8月已开工480万套，开工率80%。"
        "其中江苏开工率92%，浙江开工率90%；山西开工率61%，甘肃开工率58%。"
    )
    result = parsers.parse_text(text)
    assert result.meta.place == "全国"
    assert {f.county for f in result.facts} == {None, "江苏", "浙江", "山西", "甘肃"}


def test_a_table_finds_its_title_above_its_date_note() -> None:
    text = """2024年全国农村危房改造进展情况
|
（截至2024年6月末）
|
序号
|
省份
|
开工户数
|
开工率
|
1
|
河北
|
5120
|
88.6
|
2
|
湖南
|
6033
|
91.2
|
合计
|
11153
|
90.0
"""
    got = {(f.county, f.project, f.value) for f in parsers.parse_text(text).facts}
    assert ("河北", "2024年全国农村危房改造进展情况", 88.6) in got
    assert ("湖南", "2024年全国农村危房改造进展情况", 91.2) in got


def test_a_text_figure_repeating_the_tables_total_of_the_same_project_is_one_fact() -> None:
    text = """上半年，全国新开工农村危房改造11153户，开工率90%。
2024年全国农村危房改造进展情况
| 序号 | 省份 | 开工户数 | 开工率(%) |
| 1 | 河北 | 5120 | 88.6 |
| 2 | 湖南 | 6033 | 91.2 |
| 合计 | | 11153 | 90.0 |
"""
    got = [f for f in parsers.parse_text(text).facts if f.value == 90.0]
    assert len(got) == 1
    assert got[0].section == "table"


def test_a_municipality_speaking_of_itself_as_a_city_publishes() -> None:
    text = (
        "上海市住房城乡建设管理委发布，截至9月底，全市旧住房成套改造完成全年任务的82%，"
        "其中浦东新区完成率91%。"
    )
    got = parsers.parse_text(text)
    assert got.meta.place == "上海市"
    facts = {(f.county, f.value) for f in got.facts}
    assert (None, 82.0) in facts
    assert ("浦东新区", 91.0) in facts


def test_the_production_corps_is_a_unit_of_a_national_table() -> None:
    text = """全国农村危房改造进展情况
| 省份 | 开工率(%) |
| 河北 | 88.6 |
| 湖南 | 91.2 |
| 兵团 | 77.5 |
"""
    got = {(f.county, f.value) for f in parsers.parse_text(text).facts}
    assert ("兵团", 77.5) in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the things a count leads are the subject, not the programme they belong to
        (
            "截至8月底，全省为民办实事45处农村饮水工程已完成投资5.2亿元，完成率88%。",
            ("农村饮水工程", 88.0),
        ),
        # an area measured is not the project
        (
            "今年全省农村危房改造已开工8120户，开工面积56万平方米，开工率93%。",
            ("农村危房改造", 93.0),
        ),
        # a unit where a counted thing would stand is not the project either
        (
            "老旧小区综合整治开工120万平方米，开工率80%，完成96万平方米，完成率64%。",
            ("老旧小区综合整治", 64.0),
        ),
    ],
)
def test_weak_subjects_give_way_to_the_thing_measured(
    text: str, expected: tuple[str, float]
) -> None:
    got = {(f.project, f.value) for f in parsers.parse_text(text).facts}
    assert expected in got


def test_a_sentence_opening_with_its_aspect_names_the_project() -> None:
    text = "城市更新方面，截至9月底，全市已实现新开工46个小区，新开工率92%。"
    (fact,) = parsers.parse_text(text).facts
    assert "城市更新" in f"{fact.project}{fact.category}"
    assert fact.value == 92.0


PDF_SECTIONS = """云南省农村供水保障工程进展（6月）

一、资金到位情况 全省累计到位资金

3.2 亿元,资金到位率为 61%.各市(州)资金到位率:曲靖市 88%、玉溪市 75%、昭通市 40%.

二、开工情况 全省集中供水工程开工

420 处,开工率为 83%. 各市(州)开工率: 玉溪市 100%、曲靖市 91%、昭通市 52%.
"""


def test_numbered_sections_and_lists_of_places_after_their_metric() -> None:
    facts = parsers.parse_text(PDF_SECTIONS).facts
    got = {(f.county, f.value): f for f in facts}
    assert got[("曲靖市", 88.0)].metric == "资金到位率"
    assert "资金到位情况" in f"{got[('曲靖市', 88.0)].project}{got[('曲靖市', 88.0)].category}"
    assert got[("玉溪市", 100.0)].metric == "开工率"
    assert got[("昭通市", 52.0)].metric == "开工率"
    assert "开工情况" in f"{got[('昭通市', 52.0)].project}{got[('昭通市', 52.0)].category}"
    assert "资金" not in (got[("昭通市", 52.0)].project or "")


def test_a_county_and_what_it_did_is_not_the_project() -> None:
    text = (
        "国家发展改革委日前公布了今年前八月农村危房改造进度情况。数据显示，前八月全国已开工"
        "180万户，开工率81%，其中，河南已开工建设21万户，开工率92%，四川开建15万户，开工率77%。"
    )
    facts = {(f.county, f.value): f for f in parsers.parse_text(text).facts}
    assert facts[(None, 81.0)].project == "农村危房改造"
    assert facts[("河南", 92.0)].project == "农村危房改造"
    assert facts[("四川", 77.0)].project == "农村危房改造"


def test_a_traditional_tables_places_keep_their_printed_form() -> None:
    text = """2024年全國農村危房改造進展情況
| 序號 | 省份 | 開工戶數 | 開工率(%) |
| 1 | 廣東 | 5120 | 88.6 |
| 2 | 陜西 | 6033 | 91.2 |
| 3 | 遼寧 | 2210 | 79.5 |
"""
    got = {(f.county, f.value) for f in parsers.parse_text(text).facts}
    assert got == {("廣東", 88.6), ("陜西", 91.2), ("遼寧", 79.5)}


def test_a_share_still_to_do_is_not_progress() -> None:
    text = "截至10月底，全省农村危房改造已完成目标任务的87.5%；还剩下3.1万户、约12.5%的目标任务。"
    got = parsers.parse_text(text)
    assert [f.value for f in got.facts] == [87.5]
    assert got.report.left_out.get("a share still to do") == 1


def test_a_respective_list_over_these_things_takes_the_names_listed_before() -> None:
    text = (
        "今年全省城市棚户区、农村危房改造和老旧小区改造任务分别为3.2万套、1.5万户和860个。"
        "截至9月底，这三类工程开工率分别达到71.3%、88.2%和64.5%。"
    )
    got = {f.value: f.project for f in parsers.parse_text(text).facts}
    assert got[71.3] and "城市棚户区" in got[71.3]
    assert got[88.2] and "农村危房改造" in got[88.2]
    assert got[64.5] and "老旧小区改造" in got[64.5]


def test_a_place_and_what_it_did_falls_back_to_the_programme_named_before() -> None:
    text = (
        "今年全省棚改计划新开工12.5万套。截至6月底，青岭省已开工约8.1万套，占年度计划的64.8%。"
        "1-6月已開工約8.1萬套，今年全國棚改計劃新開工290萬套，佔年度目標任務的52.6%。"
    )
    got = {f.value: f for f in parsers.parse_text(text).facts}
    assert "棚改" in (got[64.8].project or "")
    assert "已开工" in (got[64.8].indicator or "")
    assert "棚改" in (got[52.6].project_simplified or got[52.6].project or "")


def test_a_place_compared_with_the_country_still_speaks_for_itself() -> None:
    text = (
        "据青岭省住建厅介绍，截至2024年年底，青岭省城镇老旧小区改造当年新开工1320个，开工率为100%，"
        "位居全国第3位。"
    )
    got = parsers.parse_text(text)
    assert [(f.project, f.indicator, f.county) for f in got.facts] == [
        ("青岭省城镇老旧小区改造", "当年新开工", None)
    ]


def test_a_total_over_past_years_and_a_target_with_its_deadline_are_left_out() -> None:
    text = (
        "截至9月底，全市保障性住房分配入住率达到88.2%，历年累计建成的廉租房分配率达到了97.1%。"
        "下一步，各县区要确保10月底前开工率达到95%，11月底开工率要达到100%。"
    )
    got = parsers.parse_text(text)
    assert [f.value for f in got.facts] == []
    assert got.report.left_out.get("a total over past years") == 1
    assert got.report.left_out.get("target") == 2


def test_a_headline_that_repeats_the_texts_figure_is_one_fact() -> None:
    text = (
        "截至8月底青岭市棚户区改造开工率达76%\n"
        "8月30日，青岭市召开棚户区改造推进会。截至8月底，全市棚户区改造开工率达到76%。\n"
        "虽然目前开工率达到76%，但距年底全部开工还有差距。\n"
        "全市农村危房改造开工率达到76%，竣工率53.5%。"
    )
    facts = parsers.parse_text(text).facts
    got = sorted((f.value, f.project or "") for f in facts)
    assert len(got) == 3, got
    assert got[0] == (53.5, "农村危房改造")
    assert sum(1 for v, p in got if v == 76.0 and "棚户区改造" in p) == 1
    assert sum(1 for v, p in got if v == 76.0 and "农村危房改造" in p) == 1


def test_an_earlier_months_figure_and_a_share_of_the_project_list_are_left_out() -> None:
    text = (
        "住建部称今年保障房开工率达97%\n"
        "截至9月底，全国保障房开工率达97%。值得注意的是，8月份开工率最低的甲省，"
        "9月份开工率升至93%，远高于8月份的61%。全市42项为民办实事项目中有30项完成进度超过70%，"
        "占全部项目的71.4%。"
    )
    got = parsers.parse_text(text)
    assert sorted(f.value for f in got.facts) == [93.0, 97.0]
    assert "earlier period" in " ".join(got.report.left_out)
    assert got.report.left_out.get("a share of the programme's project count") == 1


def test_an_items_fields_under_its_name_anchor_its_progress() -> None:
    text = """建设城南保障性租赁住房项目

工作目标

10月底主体完工，年底前交付使用。

完成进度

项目按节点推进，已进入内部装修阶段，完成率86%。

实施技能培训提升行动

工作目标

全年开展职业技能培训4000人次以上。

完成进度

已完成各类培训3520人次，完成率88%。
"""
    got = {f.value: f for f in parsers.parse_text(text).facts}
    assert got[86.0].project == "建设城南保障性租赁住房项目"
    assert got[88.0].project == "实施技能培训提升行动"
    assert "培训" in (got[88.0].indicator or "")


def test_rows_run_together_with_their_prose_cells_keep_their_ratios() -> None:
    text = """青岭区2024年重点民生实事目标任务及推进情况表

序号 项目名称 年度目标任务 投资计划(万元) 牵头
单位
进展情况(1-6月) 投资完成情况
完成额度
(万元)
占比(%
合计 96000

41280.5 43.0
1 城镇老旧小区改造 改造老旧小区35个，惠及居民4200户。 52000 区住建委 已开工21个。 26000 50.0
2 农村公路安全防护 实施生命安全防护工程120公里。 4000 区交通局 已完成施工图设计。 700 17.5
3 社区养老服务设施 新建社区养老服务站12个。 40000 区民政局 已建成5个，其余正在施工。 14580.5 36.5
"""
    got = {f.value: f for f in parsers.parse_text(text).facts}
    assert set(got) == {43.0, 50.0, 17.5, 36.5}
    assert got[50.0].project == "城镇老旧小区改造"
    assert got[17.5].project == "农村公路安全防护"
    assert got[36.5].section == "table"
    assert got[36.5].source.line == 14


def test_a_figure_that_names_nothing_is_of_the_programme_the_report_is_about() -> None:
    text = (
        "今年全县实施“十二件民生实事”，计划投入资金6.2亿元。\n"
        "截至10月底，累计已拨付4.3亿元，资金拨付率84.3%。\n"
        "1-10月，完成投资3.9亿元，占年度投资目标62.9%，各事项正有序推进。"
    )
    got = {f.value: f for f in parsers.parse_text(text).facts}
    assert got[84.3].project == "十二件民生实事"
    assert got[62.9].project == "十二件民生实事"


def test_counts_before_their_things_name_a_respective_list() -> None:
    text = (
        "截至6月底，我省已完成对1820家药店、9650台血压计的计量检定，"
        "分别完成年度目标任务的71.2%和66.8%。"
    )
    got = {f.value: f.project for f in parsers.parse_text(text).facts}
    assert got == {71.2: "药店", 66.8: "血压计"}


def test_an_aspect_names_its_figure_over_the_words_of_a_target() -> None:
    text = (
        "城市书房建设方面，某省今年的任务目标是：每个县(市、区)建成1个城市书房，全省共建成"
        "120个，其中已建成102个、建成率85.0%。截至9月底，全省年度确定的126个民生项目已有"
        "90个完工，完工率达71.4%。"
    )
    got = parsers.parse_text(text)
    facts = {f.value: f for f in got.facts}
    assert facts[85.0].project == "城市书房建设"
    assert 71.4 not in facts
    assert got.report.left_out.get("a share of the programme's project count") == 1


def test_a_rate_of_taking_part_in_training_is_a_level() -> None:
    text = "截至6月底，退役军人参加免费职业技能培训率达81.5%，全省职业技能培训完成年度任务的64.2%。"
    got = {f.value for f in parsers.parse_text(text).facts}
    assert got == {64.2}


PDF_SUB_SECTIONS = """2024年全省农村供水保障工程进展情况
青岭省水利厅
二、招标及开工情况 1.招标情况.全县有

48 个县区发布招标公告;

已完成招标工程

512 处,招 标完成率为 91%.各市(州)招标完成率:曲靖市 100%、昭通市 62%. 2.开工情况.全省集中

供水工程开工 430 处,开工率为 84%.各市(州)开工率:玉溪市 100%、曲靖市 90%、昭通市 47%.
"""


def test_sub_sections_a_pdf_ran_into_its_lines_name_their_figures() -> None:
    facts = parsers.parse_text(PDF_SUB_SECTIONS).facts
    named = {
        (f.county, f.value): f"{f.project}{f.indicator or ''}{f.category or ''}" for f in facts
    }
    assert "招标情况" in named[(None, 91.0)]
    assert "招标情况" in named[("昭通市", 62.0)]
    assert "开工情况" in named[("昭通市", 47.0)]
    assert "已完成招标工程" not in named[(None, 91.0)]


def test_a_list_of_counties_by_short_name_in_a_province_report() -> None:
    text = (
        "截至6月底，甘肃省农村供水工程资金到位率为64%，其中永靖、合水、陇西、渭源和敦煌等\n"
        "5 个县区资金已全部到位。开展供水、供电和通信等工作。"
    )
    got = parsers.parse_text(text)
    named = {m.county for m in got.county_mentions}
    assert {"永靖县", "合水县", "陇西县", "渭源县", "敦煌市"} <= named


def test_a_table_set_one_cell_per_line_whose_rows_open_with_their_place() -> None:
    cells = ["市州", "开工率(%)", "完成投资(亿元)", "常德市", "95.1", "12", "岳阳市", "90.2"]
    cells += ["11", "衡阳市", "88.0", "9"]
    text = "2024年全省保障性租赁住房建设进度\n\n" + "\n\n".join(cells) + "\n\n附件下载\n"
    got = {(f.county, f.value) for f in parsers.parse_text(text).facts}
    assert got == {("常德市", 95.1), ("岳阳市", 90.2), ("衡阳市", 88.0)}


def test_a_one_row_table_under_a_header_with_its_progress_column() -> None:
    cells = ["指标名称", "全年任务目标(个)", "实际完成(个)", "完成进度", "新建城市口袋公园"]
    cells += ["12", "12", "100%", "某区城市管理局", "2023年12月20日"]
    text = "关于某区2023年重点民生实事完成情况的公示\n\n" + "\n\n".join(cells) + "\n"
    facts = parsers.parse_text(text).facts
    assert [(f.project, f.value) for f in facts] == [("新建城市口袋公园", 100.0)]


def test_a_plan_for_later_in_the_sentence_is_a_target() -> None:
    text = "截至6月底，全省棚改开工率为64.5%。下半年将进一步加大推进力度，11月底开工率达到100%。"
    got = parsers.parse_text(text)
    assert [f.value for f in got.facts] == [64.5]
    assert got.report.left_out.get("target") == 1


def test_a_figure_with_decimals_printed_again_in_the_text_is_one_fact() -> None:
    text = (
        "截至11月底，青岭省新建各类保障性住房5.2万套，占计划46200套的112.6%。\n"
        "据省住建厅介绍，截至11月底，全省新建各类保障性住房5.2万套，占计划46200套的112.6%，"
        "其中公共租赁住房开工1.1万套，占计划的112.6%以内。"
    )
    facts = parsers.parse_text(text).facts
    assert [f.value for f in facts] == [112.6]


def test_an_approximate_count_leaves_no_word_on_its_subject() -> None:
    text = "截至9月底，省级财政补助资金下达约8.6亿元，完成年度计划的104.2%。"
    facts = parsers.parse_text(text).facts
    assert [(f.project, f.value) for f in facts] == [("省级财政补助资金下达", 104.2)]


def test_a_table_by_project_one_cell_per_line_is_told_by_arithmetic() -> None:
    cells = ["工程", "名称", "序号", "项 目 内 容", "目标任务", "市级牵头", "责任单位", "进度"]
    cells += ["完成目标", "(%)", "备注", "就业促进工程", "1", "城镇新增就业(人)", "18000"]
    cells += ["市人力资源", "社会保障局", "13410", "74.5", "达到时间进度", "2"]
    cells += ["城镇登记失业率低于(%)", "4.5", "4.1", "109.8", "超额完成", "3"]
    cells += ["对创业青年给予创业补贴", "应补尽补", "市人社局", "已发放创业补贴180万元。"]
    cells += ["达到时间进度", "4", "技能培训(人次)", "5000", "市总工会", "6120", "122.4"]
    cells += ["超额完成", "5", "居家灵活就业培训(人)", "2000", "市妇联", "2430", "121.5"]
    text = "2024年1—8月民生工程项目实施进度表\n\n" + "\n\n".join(cells) + "\n"
    facts = parsers.parse_text(text).facts
    got = {(f.project, f.value) for f in facts}
    assert got == {("城镇新增就业", 74.5), ("技能培训", 122.4), ("居家灵活就业培训", 121.5)}
    assert {f.metric for f in facts} == {"完成目标(%)"}


def test_places_figures_take_the_thing_last_measured_by_their_metric() -> None:
    text = (
        "截至7月底，全市保障性安居工程已开工1.2万套，完成率为58.2%。其中新开工建设各类保障房"
        "9800套，开工率为55.4%。新增租赁补贴1500户，完成目标任务的104.5%。青岭市上林县开工率为"
        "41.5%，马山县38.2%。竣工(含往年项目)已达2100套，完成竣工任务的46.7%。"
    )
    facts = parsers.parse_text(text).facts
    got = {f.value: f for f in facts}
    assert "各类保障房" in (got[41.5].project or "")
    assert "各类保障房" in (got[38.2].project or "")
    assert got[46.7].project != "竣工已达"


def test_a_generic_subject_takes_the_item_its_paragraph_opened_with() -> None:
    text = (
        "城镇老旧小区改造工程，任务目标是改造96个城镇老旧小区。截至目前，项目开工率100%，"
        "完成总工程量72%。\n"
        "新建中小学校工程，任务目标是新建14所学校。截至目前，已有13所学校主体完工，完成率92.9%。"
    )
    got = {f.value: f.project for f in parsers.parse_text(text).facts}
    assert "城镇老旧小区" in (got[100.0] or "")
    assert "城镇老旧小区" in (got[72.0] or "")
    assert "学校" in (got[92.9] or "")
