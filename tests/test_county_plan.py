"""The county fixture plan (tests/fixtures/plans/yunxi-county-sanitation-2024): its documents
speak its own words, and its figures are the ones worked out by hand below.

The plan: five townships and a 全县 column, three projects (污水治理 has no milestone in
2025, 垃圾分类示范乡镇 starts in 2025), seven targets (one per comparator, two 达到), and
progress for 2024 and 2025 at the targets' boundaries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from docxreadback import read_docx
from plans import FIXTURE_PLANS_DIR
from reportgen.batch.runner import run_batch
from reportgen.core import Options
from reportgen.plan.loader import load_plan
from reportgen.plan.model import Script
from reportgen.progress.report import load_all_progress
from reportgen.progress.status import MilestoneState, TargetState, year_status
from reportgen.render.script import convert_text

PLAN_DIR = FIXTURE_PLANS_DIR / "yunxi-county-sanitation-2024"
SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")

# Words of the built-in plan's office that another office's documents must not carry, in
# both scripts: its city, its subject, its projects' name, its levels and its plan's name.
FOREIGN_TERMS = (
    "绍兴",
    "教育",
    "五大创建",
    "区、县（市）",
    "区、县〔市〕",
    "市级有关部门",
    "全市",
    "创建",
    "行动计划",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[Script, Path]:
    """Every document of the plan, every year of its period, as HTML and DOCX, per script."""
    folders = {}
    for script in SCRIPTS:
        folder = tmp_path_factory.mktemp(f"county-{script}")
        options = Options(
            plan_dir=PLAN_DIR,
            output_dir=folder,
            formats=("html", "docx"),
            years=(2024, 2025, 2026),
            jobs=2,
            script=script,
        )
        report = run_batch(options)
        assert report.exit_code == 0, report.summary_lines()
        # the circular, a notice and a reminder a year (some unit is late in each), and the
        # nine units' summaries of each year
        assert len(report.of("built")) == 1 + 3 + 3 + 9 * 3
        folders[script] = folder
    return folders


def html_text(path: Path) -> str:
    return str(lxml_html.document_fromstring(path.read_text(encoding="utf-8")).text_content())


def docx_text(path: Path) -> str:
    document = read_docx(path.read_bytes()).document
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.footer.paragraphs]
    return "\n".join(texts)


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_document_carries_the_other_offices_words(
    built: dict[Script, Path], script: Script
) -> None:
    terms = {term for word in FOREIGN_TERMS for term in (word, convert_text(word, script))}
    files = sorted(built[script].glob("*.html")) + sorted(built[script].glob("*.docx"))
    assert len(files) == 2 * (1 + 3 + 3 + 9 * 3)
    for path in files:
        text = html_text(path) if path.suffix == ".html" else docx_text(path)
        found = sorted(term for term in terms if term in text)
        assert not found, (path.name, found)
    whole = convert_text("全县", script)
    notice = html_text(built[script] / "yunxi-county-sanitation-2024-notice-2025.html")
    assert f"（{whole}）" in notice  # county-wide indicators say so


# --- figures worked out by hand --------------------------------------------------------------


def notice(built: dict[Script, Path], year: int) -> str:
    return "".join(
        html_text(built["simplified"] / f"yunxi-county-sanitation-2024-notice-{year}.html").split()
    )


def test_2024_figures(built: dict[Script, Path]) -> None:
    text = notice(built, 2024)
    # Due in 2024: 城关镇 and 溪口镇 示范村, 城关镇 and 白沙镇 污水治理. 白沙镇 reported 基本达到
    # for a cell that asks 覆盖率达到85%: not achieved. 溪口镇's 2025 垃圾分类 cell asks only
    # 基本达到 and was reported so in 2024: achieved ahead of time.
    assert (
        "2024年度，全县计划完成三项整治任务4项，已达到2项，未达到2项，未报送0项，完成率50%。"
        in text
    )
    assert (
        "截至2024年底，实施方案确定的18项整治任务中已到期4项，累计完成2项，占已到期任务的50%。"
        in text
    )
    assert "提前完成整治任务1项：溪口镇垃圾分类示范乡镇（2025年基本达到示范乡镇标准）。" in text
    assert "逾期未完成" not in text.split("六、")[0]  # nothing is overdue yet
    # Targets: 7, of which 3 per township: 4 + 3 × 5 = 19 rows. Met: 垃圾分类覆盖率 95 (以上
    # 95), 位次 20 (前20位), 故障率 溪口镇 4.9 (小于5), 示范点 城关镇 2 and 溪口镇 4 (2—4), 卫生
    # 厕所 城关镇 99 (达到99%): 6. Not met: 城关镇 故障率 5 (小于5 is strict), 示范村 30 (超过
    # 30 is strict), 南坪乡 示范点 5, 污水覆盖率 94.9.
    assert "实施方案确定量化指标7项，按乡镇分列共19项，截至2024年底已达标6项" in text
    # Next year: what is overdue first, marked; 溪口镇's 垃圾分类 cell is done already.
    assert (
        "六、2025年度工作任务"
        "（一）溪口镇。美丽乡村示范村建成1个（2024年到期，逾期未完成）。"
        "（二）南坪乡。美丽乡村示范村建成2个。"
        "（三）石门乡。美丽乡村示范村基本达到示范村标准。"
        "（四）白沙镇。污水治理覆盖率达到85%（2024年到期，逾期未完成）。"
        "（五）全县。美丽乡村示范村累计建成20个。"
    ) in text


def test_2025_figures(built: dict[Script, Path]) -> None:
    text = notice(built, 2025)
    # Due in 2025: 南坪乡 and 石门乡 (基本达到, as its cell asks) and 全县 示范村 (未达到);
    # 污水治理 has nothing due; 溪口镇 垃圾分类 was achieved in 2024.
    assert (
        "2025年度，全县计划完成三项整治任务4项，已达到3项，未达到1项，未报送0项，完成率75%。"
        in text
    )
    # Up to 2025: 8 due; achieved: 城关镇 ×2, 溪口镇 示范村 (late, in 2025), 南坪乡, 石门乡,
    # 溪口镇 垃圾分类.
    assert (
        "截至2025年底，实施方案确定的18项整治任务中已到期8项，累计完成6项，占已到期任务的75%。"
        in text
    )
    assert "提前完成整治任务1项：石门乡美丽乡村示范村（2026年建成1个）。" in text
    assert "逾期未完成整治任务1项：白沙镇污水治理（2024年覆盖率达到85%）。" in text
    assert (
        "（一）美丽乡村示范村。2025年度到期整治任务3项，已达到2项，未达到1项，未报送0项，完成率66.7%。"
        in text
    )
    assert "（二）农村生活污水治理。2025年度无到期整治任务。" in text
    # Met now also: 污水覆盖率 95 (达到95%), 示范村 31 (超过30): 8. 城关镇 故障率 is still 5
    # and its deadline is 2025: 未达标.
    assert "截至2025年底已达标8项" in text
    assert (
        "（一）城关镇。垃圾分类示范乡镇达到示范乡镇标准。"
        "（二）溪口镇。污水治理覆盖率达到95%。"
        "（三）南坪乡。污水治理覆盖率达到95%。"
        "（四）石门乡。污水治理覆盖率达到95%。"
        "（五）白沙镇。污水治理覆盖率达到85%（2024年到期，逾期未完成）；美丽乡村示范村建成2个；"
        "垃圾分类示范乡镇达到示范乡镇标准。"
        "（六）全县。美丽乡村示范村累计建成20个（2025年到期，逾期未完成）；美丽乡村示范村累计超过30个；"
        "污水治理覆盖率达到95%；垃圾分类示范乡镇示范乡镇占比达到60%。"
    ) in text


def indicator_states(built: dict[Script, Path], year: int) -> dict[str, str]:
    path = built["simplified"] / f"yunxi-county-sanitation-2024-notice-{year}.html"
    root = lxml_html.document_fromstring(path.read_text(encoding="utf-8"))
    table = root.find_class("gw-table")[0]
    rows = [[cell.text_content().strip() for cell in tr] for tr in table.iter("tr")][1:]
    return {row[0]: row[-1] for row in rows}


def test_indicator_states_at_the_boundaries(built: dict[Script, Path]) -> None:
    states_2024 = indicator_states(built, 2024)
    assert len(states_2024) == 19
    expected_2024 = {
        "农村生活污水治理行政村覆盖率（全县）": "推进中",  # 94.9 < 95
        "农村生活垃圾分类处理行政村覆盖率（全县）": "已达标",  # 95 is 95以上
        "美丽乡村示范村累计数（全县）": "推进中",  # 30 is not 超过30
        "农村人居环境综合测评全省位次（全县）": "已达标",  # 20 is within 前20位
        "污水处理设施运维故障率（城关镇）": "推进中",  # 5 is not 小于5; deadline 2025
        "污水处理设施运维故障率（溪口镇）": "已达标",
        "污水处理设施运维故障率（南坪乡）": "无数据",
        "污水治理示范点数（城关镇）": "已达标",  # 2, the range's low end
        "污水治理示范点数（溪口镇）": "已达标",  # 4, the range's high end
        "污水治理示范点数（南坪乡）": "推进中",  # 5, above the range
        "农村卫生厕所普及率（城关镇）": "已达标",  # 99 is 达到99%
    }
    assert {k: states_2024[k] for k in expected_2024} == expected_2024
    states_2025 = indicator_states(built, 2025)
    assert states_2025["污水处理设施运维故障率（城关镇）"] == "未达标"  # deadline reached
    assert states_2025["美丽乡村示范村累计数（全县）"] == "已达标"  # 31
    assert states_2025["农村生活污水治理行政村覆盖率（全县）"] == "已达标"  # 95


def test_the_engine_judges_the_simplified_reports_as_written() -> None:
    plan = load_plan(PLAN_DIR)
    reports = load_all_progress(plan)
    status = year_status(plan, reports, 2025)
    states = {
        (r.milestone.project.id, r.milestone.column, r.milestone.year): r.state
        for r in status.results
    }
    assert states[("model-village", "shimen", 2025)] is MilestoneState.ACHIEVED  # 基本达到
    assert states[("sewage", "baisha", 2024)] is MilestoneState.NOT_ACHIEVED  # 基本达到
    assert states[("waste", "xikou", 2025)] is MilestoneState.ACHIEVED
    targets = {(t.target.id, t.district): t.state for t in status.targets}
    assert targets[("fault-rate", "chengguan")] is TargetState.NOT_MET
    assert targets[("demo-sites", "nanping")] is TargetState.ON_TRACK


def test_the_2026_notice_renders_without_a_progress_file(built: dict[Script, Path]) -> None:
    text = notice(built, 2026)
    # Due in 2026: 3 示范村 (石门乡's achieved in 2025), 4 污水治理, 3 垃圾分类; no reports.
    assert "2026年度，全县计划完成三项整治任务10项，已达到1项，未达到0项，未报送9项" in text
    # The plan's last year: only what is overdue is carried on.
    assert (
        "六、下一步工作"
        "（一）白沙镇。污水治理覆盖率达到85%（2024年到期，逾期未完成）。"
        "（二）全县。美丽乡村示范村累计建成20个（2025年到期，逾期未完成）。"
    ) in text
    assert "2027年\u3000月\u3000日" in html_text(
        built["simplified"] / "yunxi-county-sanitation-2024-notice-2026.html"
    )


def test_the_traditional_rendering_reports_the_same_figures(built: dict[Script, Path]) -> None:
    path = built["traditional"] / "yunxi-county-sanitation-2024-notice-2025.html"
    text = "".join(html_text(path).split())
    assert (
        "2025年度，全縣計劃完成三項整治任務4項，已達到3項，未達到1項，未報送0項，完成率75%。"
        in text
    )
    assert "截至2025年底已達標8項" in text
