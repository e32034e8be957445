"""The PDF score sheets: text extracted with pdftotext (names, totals, Chinese), the CJK font embedded."""

import re
import subprocess
from decimal import Decimal

import pytest
import time_machine

from appraisal import services
from appraisal.exporters import exporter_for
from appraisal.models import Adjustment

from .helpers import NOVEMBER, NOW, fill_review, open_month, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(org, tmp_path):
    with time_machine.travel(NOW, tick=False):
        open_month()
        scorecard = submitted(org.employee)
        services.adjustment_add(scorecard=scorecard, by=org.supervisor, kind=Adjustment.Kind.BONUS,
                                fact="周六加班完成医保接口升级", basis="院领导临时安排", points=Decimal("2"))
        fill_review(scorecard, org.supervisor, score=lambda line: line.item.max_points - (
            Decimal("3") if line.item.max_points == 15 else 0), opinion="工作认真负责，继续保持。")
        services.review_confirm(scorecard=scorecard, by=org.supervisor)
        services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)
        submitted(org.supervisor)
        path = tmp_path / "sheets.pdf"
        path.write_bytes(exporter_for("pdf", period=NOVEMBER).render())
    return path


def compact(text):
    """pdftotext guesses the spaces between table cells: compare without them."""
    return "".join(text.split())


def run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_the_sheets_text_has_names_totals_and_the_chinese_form(pdf):
    text = run("pdftotext", "-layout", str(pdf), "-")
    words = compact(text)

    for expected in ("系统管理员绩效考核表", "信息科副科长绩效考核表", "艾丽（1101）", "鲍勃（1102）", "考评区间",
                     "2026年11月1日至2026年11月30日", "工作业绩（70分）", "工作能力（20分）", "工作态度（10分）",
                     "工作业绩（60分）", "工作能力（30分）", "认真值班，做好软硬件及医保维护", "周六加班完成医保接口升级",
                     "工作认真负责，继续保持。", "复评人签字确认 鲍勃 2026-11-25 10:00", "被考核人签字确认 艾丽 2026-11-25 10:00",
                     "状态：已确认", "状态：复评中"):
        assert compact(expected) in words, expected
    # 100 − 70% × 3 = 97.90 total; + 2.00 bonus = 99.90; 优秀
    assert compact("考评总得分 工作业绩考核得分+工作能力考核得分+工作态度考核得分 97.90") in words
    assert compact("最终得分 考评总得分 + 考核加分 − 考核扣分 = 97.90 + 2.00 − 0.00 99.90") in words
    assert compact("等级 最终得分 ≥ 90.00 且 < 100.00；出色 ≥ 100 优秀 ≥ 90 良好 ≥ 80 中等 ≥ 70 合格 ≥ 60 差 ≥ 0 优秀") in words
    assert compact("15.00 15.0 4.50 12.0 8.40 12.90") in words  # 日常工作: 4.50 + 8.40
    assert compact("合计 70.00 70.0 21.00 67.0 46.90 67.90") in words


def test_one_sheet_after_the_other_with_page_numbers(pdf):
    info = run("pdfinfo", str(pdf))
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = run("pdftotext", "-layout", str(pdf), "-")

    assert pages == 4
    assert re.findall(r"第(\d+)/(\d+)页", compact(text)) == [("1", "2"), ("2", "2"), ("1", "2"), ("2", "2")]


def test_the_cjk_font_is_embedded_and_no_other_font_is_used(pdf):
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]

    assert fonts
    for line in fonts:
        columns = line.split()
        assert "WenQuanYiMicroHei" in columns[0]
        assert columns[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, with a Unicode map
