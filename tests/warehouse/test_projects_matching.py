from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warehouse.projects_matching import (
    LEADING_NUMBER,
    NUMBER_WITH_UNIT,
    QUOTES,
    SPACES,
    KnownProject,
    Occurrence,
    match_circular,
    name_similarity,
    normalise_name,
    project_key,
)


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (LEADING_NUMBER, "①建成县域普通高中", "①"),
        (LEADING_NUMBER, "㉑保障性租赁住房", "㉑"),
        (LEADING_NUMBER, "(3)法律援助", "(3)"),
        (LEADING_NUMBER, "12.改造燃气管网", "12."),
        (LEADING_NUMBER, "推动 10 所县域高中", None),
        (NUMBER_WITH_UNIT, "化解超期安置 3200 户", "3200 户"),
        (NUMBER_WITH_UNIT, "解决2万户的二次供水", "2万户"),
        (NUMBER_WITH_UNIT, "改造燃气管网 130 公里以上", "130 公里以上"),
        (QUOTES, "提质改造“爱晚”老年学校", "“"),
        (QUOTES, "建成普通高中项目", None),
        (SPACES, "保障性 租赁住房", " "),
        (SPACES, "保障性\u3000租赁住房", "\u3000"),
        (SPACES, "保障性租赁住房", None),
    ],
)
def test_name_patterns(pattern, text: str, found: str | None) -> None:
    match = pattern.search(text)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("①建成县域普通高中“徐特立项目”", "建成县域普通高中徐特立项目"),
        ('建成县域普通高中 "徐特立项目"', "建成县域普通高中徐特立项目"),
        ("完成困难家庭适老化改造 2200 户以上", "完成困难家庭适老化改造"),
        ("完成困难家庭适老化改造2500户以上", "完成困难家庭适老化改造"),
        ("新增托位 3500 个", "新增托位"),
        ("保障性 租赁住房　建设", "保障性租赁住房建设"),
    ],
)
def test_normalise_name(name: str, normalised: str) -> None:
    assert normalise_name(name) == normalised


@given(st.text(alphabet="保障性租赁住房建设“”0123456789 户个①", max_size=20))
def test_normalising_twice_changes_nothing(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


def test_similarity_separates_a_rename_from_another_project() -> None:
    rename = name_similarity("保障性租赁住房建设", "筹集建设保障性租赁住房")
    other = name_similarity("提高城乡低保标准", "提高残疾人两项补贴标准")
    assert rename >= 60 > other
    assert name_similarity("法律援助", "法律援助") == 100.0
    assert name_similarity("", "法律援助") == 0.0


def known(key: str, no: int, *names: str, level: str = "province") -> KnownProject:
    return KnownProject(key, level, no, {no}, {normalise_name(n) for n in names})


LIST = [
    known("p1", 1, "建成县域普通高中徐特立项目"),
    known("p2", 2, "家庭教育指导服务向阳花行动"),
    known("p21", 21, "保障性租赁住房建设"),
    known("p22", 22, "农村三路建设及农村公路安防"),
]


def decide(*occurrences: Occurrence, projects=LIST, **kw):
    return [(d.kind, d.project_key, d.reason) for d in match_circular(occurrences, projects, **kw)]


def test_same_names_are_the_same_projects() -> None:
    assert decide(
        Occurrence("province", 1, "建成县域普通高中“徐特立项目”"),
        Occurrence("province", 21, "保障性租赁住房建设"),
    ) == [("exact", "p1", None), ("exact", "p21", None)]


def test_a_rename_under_the_same_number_stays_the_project() -> None:
    assert decide(Occurrence("province", 21, "筹集建设保障性租赁住房")) == [
        ("number+fuzzy", "p21", None)
    ]


def test_a_numbering_glitch_keeps_the_project_by_its_name() -> None:
    # ㉒ printed as ②, next to the real ②
    assert decide(
        Occurrence("province", 2, "家庭教育指导服务“向阳花”行动"),
        Occurrence("province", 2, "农村“三路”建设及农村公路安防"),
    ) == [("exact", "p2", None), ("exact", "p22", None)]


def test_a_dissimilar_name_under_a_known_number_goes_to_review() -> None:
    [(kind, key, reason)] = decide(Occurrence("province", 21, "新建城市公园绿地"))
    assert (kind, key, reason) == ("review", None, "unmatched")
    [decision] = match_circular([Occurrence("province", 21, "新建城市公园绿地")], LIST)
    assert [c.project_key for c in decision.candidates] == ["p21"]


def test_an_unknown_number_and_name_is_a_new_project() -> None:
    assert decide(Occurrence("province", 25, "新建城市公园绿地")) == [("new", None, None)]
    assert decide(Occurrence("city", 1, "建成县域普通高中徐特立项目")) == [("new", None, None)]


def test_two_close_candidates_are_ambiguous() -> None:
    twins = [
        known("a", 9, "改造燃气管道", level="city"),
        known("b", 9, "改造燃气总管网", level="city"),
    ]
    [(kind, _, reason)] = decide(Occurrence("city", 9, "改造燃气管网"), projects=twins)
    assert (kind, reason) == ("review", "ambiguous")


def test_sub_rows_sharing_a_number_each_keep_their_project() -> None:
    rows = [
        known("c3", 3, "完成特殊困难老年家庭适老化改造", level="city"),
        known("c3b", 3, "建设老年食堂、助餐服务点", level="city"),
    ]
    assert decide(
        Occurrence("city", 3, "完成特殊困难老年家庭适老化改造 2300 户以上"),
        Occurrence("city", 3, "建设老年食堂及助餐服务点"),
        projects=rows,
    ) == [("exact", "c3", None), ("number+fuzzy", "c3b", None)]


def test_a_new_sub_row_under_a_taken_number_is_new() -> None:
    rows = [known("c5", 5, "新增婴幼儿照护托位", level="city")]
    assert decide(
        Occurrence("city", 5, "新增婴幼儿照护托位 3500 个"),
        Occurrence("city", 5, "脑卒中高危人群筛查和干预"),
        projects=rows,
    ) == [("exact", "c5", None), ("new", None, None)]


def test_claimed_projects_are_not_offered_again() -> None:
    assert decide(Occurrence("province", 21, "保障性租赁住房建设"), claimed={"p21"}) == [
        ("new", None, None)
    ]


def test_project_keys_are_readable_and_unique() -> None:
    assert project_key("青岭市", 2025, "city", 3, set()) == "青岭市:2025:city:3"
    taken = {"青岭市:2025:city:3", "青岭市:2025:city:3#2"}
    assert project_key("青岭市", 2025, "city", 3, taken) == "青岭市:2025:city:3#3"


@given(
    st.lists(
        st.tuples(st.integers(1, 30), st.sampled_from(["教育", "养老服务", "燃气管网", "供水"])),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_a_circular_matched_against_its_own_list_is_all_exact(rows) -> None:
    projects = [known(f"k{i}", no, name) for i, (no, name) in enumerate(rows)]
    decisions = match_circular([Occurrence("province", no, name) for no, name in rows], projects)
    assert [d.kind for d in decisions] == ["exact"] * len(rows) or any(
        d.kind == "review" and d.reason == "ambiguous" for d in decisions
    )
    keys = [d.project_key for d in decisions if d.project_key]
    assert len(keys) == len(set(keys))
