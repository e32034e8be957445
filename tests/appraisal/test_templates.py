"""The seeded scorecard templates (绩效考核表) are the policy document's, point for point."""

from decimal import Decimal

import pytest

from appraisal.models import ScorecardTemplate

pytestmark = pytest.mark.django_db

POSTS = ["deputy_head", "security_admin", "database_admin", "network_admin", "system_admin"]


def template(post):
    return ScorecardTemplate.objects.prefetch_related("sections__items", "bands").get(post__code=post)


def section_points(template):
    return [(section.name, sum((item.max_points for item in section.items.all()), Decimal(0)))
            for section in template.sections.order_by("order")]


@pytest.mark.parametrize("post", POSTS)
def test_each_seeded_template_sums_to_100(post):
    seeded = template(post)

    assert seeded.max_points() == Decimal("100.00")
    assert seeded.version == 1
    assert (seeded.self_weight, seeded.reviewer_weight) == (Decimal("0.30"), Decimal("0.70"))


def test_the_five_posts_have_one_template_each_and_the_head_none():
    assert sorted(ScorecardTemplate.objects.values_list("post__code", flat=True)) == sorted(POSTS)


def test_deputy_head_sections_are_60_30_10():
    assert section_points(template("deputy_head")) == [
        ("工作业绩", Decimal("60.00")), ("工作能力", Decimal("30.00")), ("工作态度", Decimal("10.00"))]


@pytest.mark.parametrize("post", POSTS[1:])
def test_staff_sections_are_70_20_10(post):
    assert section_points(template(post)) == [
        ("工作业绩", Decimal("70.00")), ("工作能力", Decimal("20.00")), ("工作态度", Decimal("10.00"))]


def test_security_admin_items_as_in_the_document():
    items = list(template("security_admin").items.order_by("section__order", "order"))

    assert [(item.name, item.description[:9], item.max_points) for item in items[:3]] == [
        ("日常工作", "认真值班，做好软硬", Decimal("15.00")),
        ("日常工作", "制作技术文档，定期", Decimal("10.00")),
        ("日常工作", "三甲资料的整理。", Decimal("5.00")),
    ]
    assert [item.max_points for item in items] == [Decimal(p) for p in (
        "15", "10", "5", "6", "6", "6", "5", "7", "10",
        "2.5", "2", "2.5", "2.5", "3.5", "4", "3",
        "1", "0.5", "1", "1", "1", "1", "1", "1", "0.5", "1", "1")]
    assert items[0].criteria == ("接科室电话后15分钟内响应（包括电话），软、硬件故障在1小时内无人处理扣2分。如无工作日志扣1分。"
                                 "被临床投诉每次扣3分。如不及时上报的，扣5分。")
    assert items[8].name == "临时工作"
    assert items[8].criteria == "未能完成院科领导交办的临时工作的每次扣5分。"


def test_deputy_head_sample_row_is_the_pdca_item_worth_5():
    item = template("deputy_head").items.get(description="三级甲等医院工作落实管理。")

    assert item.max_points == Decimal("5.00")
    assert item.criteria == "每月不能按PDCA循环原则工作，每月至少完成一个C标准，二月完成一个B，三月完成一个A。不能完成扣5分。"


def test_item_counts_per_template():
    counts = {post: template(post).items.count() for post in POSTS}

    assert counts == {"deputy_head": 23, "security_admin": 27, "database_admin": 27, "network_admin": 28,
                      "system_admin": 26}


def test_wrapped_cells_are_joined_and_kept_as_one_criterion():
    network = template("network_admin").items.get(description__startswith="每周检查、清洁网线")

    assert network.criteria == "无检查维修记录的每次扣1.5分；\n发现重大问题不能解决却未上报的每次扣5分。"
    assert network.max_points == Decimal("5.00")


@pytest.mark.parametrize("post", POSTS)
def test_grade_bands_and_form_texts(post):
    seeded = template(post)

    assert [(band.name, band.min_score) for band in seeded.sorted_bands()] == [
        ("出色", Decimal("100.00")), ("优秀", Decimal("90.00")), ("良好", Decimal("80.00")),
        ("中等", Decimal("70.00")), ("合格", Decimal("60.00")), ("差", Decimal("0.00"))]
    assert seeded.total_note == "工作业绩考核得分+工作能力考核得分+工作态度考核得分"
    assert seeded.bonus_guidance.startswith("完成院领导临时性安排的其他工作。")
    assert seeded.instructions == ("1、工作计划及完成情况可另附页。2、考评尺度：出色≥100，优秀100-90，良好89-80，中等79-70，"
                                   "合格69-60，差59分以下。")
