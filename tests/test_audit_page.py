"""report.html as the office reads it, in headless Chromium driven by Playwright: the first
screen, the filters, a table drawn with the cell of a finding highlighted, print.

Screenshots are written to the test's folder and to test-output/ at the repository's root
(ignored by git), where a person can look at them after a run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

SHOTS = ROOT / "test-output" / "report-html"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is needed for this test: the test command installs it (see README)")


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([sys.executable, "-m", "gik_lint", "audit", str(CORPUS), "--out", str(out), "-j", "2"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out, json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, audit):
    out, _ = audit
    context = browser.new_context(viewport={"width": 1366, "height": 768}, offline=True)  # a laptop's screen
    tab = context.new_page()
    problems = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:") else None)
    tab.goto((out / "report.html").as_uri())
    yield tab
    context.close()
    assert problems == []  # no script error, no CSP violation, no request beyond the file


def _shot(tab, name: str, tmp_path: Path, locator=None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for folder in (tmp_path, SHOTS):
        (locator or tab).screenshot(path=str(folder / name))
    assert (tmp_path / name).stat().st_size > 5_000


def _on_first_screen(tab, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and locator.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= tab.viewport_size["height"]


def _worst(summary: dict) -> str:
    """The organ with the most errors (then warnings), by summary.json."""
    organs: dict[str, list[int]] = {}
    for f in summary["files"]:
        fails = [x for x in f["findings"] if x.get("outcome", "fail") == "fail"]
        entry = organs.setdefault(f["agency"] or Path(f["path"]).name, [0, 0])
        entry[0] += sum(1 for x in fails if x["severity"] == "error")
        entry[1] += sum(1 for x in fails if x["severity"] == "warning")
    return max(organs, key=lambda o: (organs[o], ))


def test_first_screen_shows_the_totals_and_the_worst_organ(page, audit, tmp_path):
    _, summary = audit
    totals = summary["summary"]
    figures = page.locator("#summary .figures")
    assert _on_first_screen(page, figures)
    text = figures.inner_text()
    assert f"{totals['files']}\n份报告" in text and f"{totals['error']}\n个错误" in text and f"{totals['warning']}\n个警告" in text
    first = page.locator("#worst-organs tbody tr").first
    assert _on_first_screen(page, first)
    worst = _worst(summary)
    assert first.locator("td").first.inner_text() == worst
    errors = int(first.locator("td").nth(2).inner_text())
    assert errors == max(int(e) for e in page.locator("#worst-organs tbody tr td:nth-child(3)").all_inner_texts())
    # the rules: errors first, under their Chinese names
    levels = page.locator("#by-rule tbody tr td:first-child").all_inner_texts()
    order = ["错误", "警告", "提示", "无法评估"]
    assert levels == sorted(levels, key=order.index) and levels[0] == "错误"
    assert "行政复议、行政诉讼情况表的总计与各项之和不符" in page.locator("#by-rule").inner_text()
    assert "warning" not in page.locator("main").inner_text()  # Chinese words on the page, not the codes' severities
    _shot(page, "first-screen.png", tmp_path)


def test_filters_hide_and_show_rows(page, audit):
    _, summary = audit
    rows = page.locator("#report-table tbody tr")
    total = rows.count()
    assert total == len(summary["files"])

    def visible() -> int:
        return sum(1 for i in range(total) if rows.nth(i).is_visible())

    with_errors = summary["summary"]["with_errors"]
    page.select_option("#filters select[name=level]", "error")
    assert visible() == with_errors < total
    assert page.locator("#shown-count").inner_text() == str(with_errors)
    assert page.locator(".finding.warning:visible").count() == 0 and page.locator(".finding.error:visible").count() > 0
    page.select_option("#filters select[name=level]", "")
    page.select_option("#filters select[name=year]", "2024")
    assert visible() == sum(1 for f in summary["files"] if f["year"] == 2024)
    page.select_option("#filters select[name=organ]", "洪泽区人民政府")
    assert visible() == 1 and page.locator("section.report:visible").count() == 1
    page.click("#clear-filters")
    assert visible() == total
    page.select_option("#filters select[name=code]", "GIK224")
    assert visible() == sum(1 for f in summary["files"] if any(x["code"] == "GIK224" for x in f["findings"]))
    assert set(page.locator(".finding:visible").evaluate_all("els => els.map(e => e.dataset.code)")) == {"GIK224"}
    page.select_option("#filters select[name=code]", "")
    page.select_option("#filters select[name=regime]", "2008")
    assert visible() == sum(1 for f in summary["files"] if f["regime"] == "2008")
    page.click("#clear-filters")
    # a rule on the first screen filters the reports by it
    page.click("#by-rule a[data-set-code=GIK224]")
    assert page.locator("#filters select[name=code]").input_value() == "GIK224"


def test_hongze_2023_review_litigation_total_is_highlighted(page, tmp_path):
    report = page.locator("section.report[data-organ='洪泽区人民政府'][data-year='2023']")
    table = report.locator("details.picture[data-table=review_litigation]")
    assert table.get_attribute("open") is not None  # a table with a finding is shown open
    cell = table.locator("td[data-cell='review_litigation.review.total']")
    cell.scroll_into_view_if_needed()
    assert cell.is_visible() and cell.inner_text() == "0"
    classes = cell.get_attribute("class").split()
    assert "hl-error" in classes and "anchor" in classes
    outline = cell.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).backgroundColor")
    assert outline.startswith("solid") and "255, 235, 233" in outline  # drawn, not only named
    assert _on_first_screen(page, cell)
    notes = table.locator("ul.notes").inner_text()
    assert "「行政复议」行：总计 0 ≠ 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11" in notes
    assert "「复议后起诉」行：总计 0 ≠ 结果维持 5" in notes
    # the other tables are drawn too, the cells read shown as read
    applications = report.locator("details.picture[data-table=applications] td[data-cell='applications.new.natural']")
    assert applications.inner_text() == "21"
    _shot(page, "hongze-2023-review-litigation.png", tmp_path, report.locator("details.picture[data-table=review_litigation]"))


def test_evidence_is_written_as_sentences_and_fingerprints_are_short(page):
    report = page.locator("section.report[data-organ='洪泽区人民政府'][data-year='2023']")
    finding = report.locator(".finding[data-code=GIK224]").first
    text = finding.inner_text()
    assert "依据的内容：「行政复议」行：总计 0 ≠" in text and "{" not in text
    fp = finding.locator("code.fp")
    assert len(fp.inner_text()) == 10 and len(fp.get_attribute("title").split("（")[0]) == 32
    assert "第4页" in text and "错误" in text


def test_unread_cells_and_tables_are_marked(page):
    # Pingtan 2020: rows of table 二 printed as runs of digits that split in several ways (GIK208)
    pingtan = page.locator("section.report[data-organ='平潭综合实验区'][data-year='2020'] details.picture[data-table=proactive]")
    missing = pingtan.locator("td.c.missing")
    assert missing.count() == 17 and set(missing.all_inner_texts()) == {"未读取"}
    assert missing.first.get_attribute("title") == "未读取"
    assert pingtan.locator("td.c.ok").count() == 5
    # Hebei 2019: blank cells are shown blank, never 0; table 四 could not be read at all
    hebei = page.locator("section.report[data-organ='河北省教育厅']")
    assert hebei.locator("details.picture[data-table=applications] td.c.blank").count() == 112
    assert "（未读取到本表）" in hebei.locator("details.picture[data-table=review_litigation] summary").inner_text()


def test_print_hides_the_filters_and_opens_the_tables(page, tmp_path):
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.picture:not([open])").count() == 0
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 20_000
