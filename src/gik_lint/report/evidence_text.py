"""A finding's evidence written as Chinese sentences for people (the HTML report, the
letters to organs), from the evidence dicts the rules attach (see the JSON contract).

Evidence keys form a small shared vocabulary (found, expected, cells, mention …); each
is written by one phrase below, so a new rule that uses them is described without code
here. A key outside the vocabulary is left out: the message already says what the
finding is, the evidence only adds the words and figures it stands on."""

from __future__ import annotations

_OPPOSITE = {"==": "≠", "!=": "=", "<=": ">", ">=": "<", "<": "≥", ">": "≤"}
_STATE = {"blank": "空白", "placeholder": "占位符", "invalid": "非数字", "missing": "未读取"}
_LIMIT = 8  # items of a list written out; the rest counted


def quote(text) -> str:
    text = " ".join(str(text).split())
    return f"「{text[:120]}{'…' if len(text) > 120 else ''}」"


def _short(column: str | None) -> str:
    """A column as printed under its headers (行政复议/总计): its own label."""
    return (column or "").rsplit("/", 1)[-1]


def cell_label(cell: dict) -> str:
    row, column = cell.get("row") or "", _short(cell.get("column"))
    return f"{row}·{column}" if row and column and row != column else row or column or cell.get("id", "")


def _cell_value(cell: dict | None) -> str:
    if not cell:
        return "未读取"
    if cell.get("kind") in ("int", "decimal"):
        return str(cell.get("raw") or cell.get("value")).strip()
    return _STATE.get(cell.get("kind"), "无法读取")


def _listed(items: list[str]) -> str:
    shown = "、".join(items[:_LIMIT])
    return shown + (f" 等 {len(items)} 项" if len(items) > _LIMIT else "")


def relation_text(evidence: dict, labels: dict[str, str] | None = None) -> str | None:
    """A failed relation with the figures the report gives, e.g. 「自然人」列：总计 20 ≠
    予以公开 5 + 部分公开 3 + … = 26. None when the evidence does not carry one."""
    relation = evidence.get("relation")
    if not isinstance(relation, dict):
        return None
    cells = {c.get("id"): c for c in evidence.get("cells") or [] if isinstance(c, dict)}
    terms = [cid for side in ("left", "right") for cid, _ in relation.get(side) or [] if cid]
    known = [cells[cid] for cid in terms if cid in cells]
    rows = {c.get("row") or "" for c in known}
    columns = {_short(c.get("column")) for c in known}
    shared = len(known) == len(terms) > 1
    by_column = shared and len(columns) == 1 and "" not in columns and "" not in rows
    by_row = shared and not by_column and len(rows) == 1 and "" not in rows and "" not in columns
    common = f"「{columns.pop()}」列：" if by_column else f"「{rows.pop()}」行：" if by_row else ""

    def label(cid: str) -> str:
        cell = cells.get(cid)
        if cell is None:
            return (labels or {}).get(cid) or cid.rsplit(".", 1)[-1]
        return cell["row"] if by_column else _short(cell.get("column")) if by_row else cell_label(cell)

    def side(name: str, total) -> str:
        items, zeros = [], 0
        entries = relation.get(name) or []
        for cid, factor in entries:
            if cid is None:
                items.append((str(factor), 1))
                continue
            value = _cell_value(cells.get(cid))
            if value == "0" and len(entries) > 6:
                zeros += 1
                continue
            items.append((f"{label(cid)} {value}", factor))
        text = ""
        for n, (item, factor) in enumerate(items):
            negative = str(factor).startswith("-")
            multiple = str(factor).lstrip("-") not in ("1", "")
            item = f"{str(factor).lstrip('-')}×{item}" if multiple else item
            text += (" − " if negative else " + ") + item if n else ("−" if negative else "") + item
        if zeros:
            text += f"（其余 {zeros} 项为 0）"
        return f"{text} = {total}" if len(entries) > 1 and total is not None else text

    op = _OPPOSITE.get(relation.get("op"), "≠")
    return f"{common}{side('left', evidence.get('actual'))} {op} {side('right', evidence.get('expected'))}"


def relations(evidence: dict, labels: dict[str, str] | None = None) -> list[str]:
    """Every failed relation of a finding: its own, and those it stands for (``others``:
    the same relation failing in another column, reported once)."""
    found = [relation_text(e, labels) for e in [evidence, *(evidence.get("others") or [])] if isinstance(e, dict)]
    return [text for text in found if text]


def _cells(cells: list) -> str:
    parts = [f"{cell_label(c)} {_cell_value(c)}" for c in cells if isinstance(c, dict)]
    return "所涉单元格：" + _listed(parts) if parts else ""


def _differ(items: list) -> str:
    parts = []
    for item in items:
        if isinstance(item, dict):
            pairs = [f"{label} {value}" for label, value in zip(item.get("labels") or [], item.get("values") or [])]
            parts.append("、".join(pairs))
    return "统计表中 " + "；".join(parts) if parts else ""


def _rows(rows: list) -> str:
    parts = []
    for row in rows:
        if isinstance(row, dict):
            values = " ".join(str(v) for v in row.get("values") or [])
            parts.append(f"{quote(row.get('label', ''))}（数值 {values}）" + (f"：{row['reason']}" if row.get("reason") else ""))
    return "；".join(parts[:_LIMIT])


def _ids(ids: list, labels: dict[str, str] | None) -> list[str]:
    return [(labels or {}).get(cid) or cid.split(".", 1)[-1] for cid in ids if isinstance(cid, str)]


def describe(evidence: dict | None, labels: dict[str, str] | None = None) -> str:
    """``evidence`` as sentences; ``labels``: cell id -> its label, where the caller has
    the report's tables (for cells the evidence names by id only)."""
    if not isinstance(evidence, dict) or not evidence:
        return ""
    e = evidence
    out: list[str] = []
    failed = relations(e, labels)
    if failed:
        out.extend(failed)
    elif "actual" in e and "expected" in e and e.get("cells"):
        out.append(f"填报为 {e['actual']}，按表内关系应为 {e['expected']}")
        out.append(_cells(e["cells"]))
    elif e.get("cells") and isinstance(e["cells"][0], dict):
        out.append(_cells(e["cells"]))
    if e.get("title"):
        out.append(f"标题为{quote(e['title'])}")
    if e.get("found") and e.get("expected") and "actual" not in e:
        out.append(f"报告写作{quote(e['found'])}，格式为{quote(e['expected'])}")
    elif e.get("found"):
        out.append(f"原文{quote(e['found'])}" + (f"，属{e['what']}" if e.get("what") else ""))
    elif isinstance(e.get("expected"), str) and "actual" not in e:
        out.append(f"格式要求{quote(e['expected'])}")
    if e.get("sentence"):
        out.append(f"所在句子{quote(e['sentence'])}")
    if e.get("organ") and e.get("signed"):
        out.append(f"标题中的机关为{quote(e['organ'])}，落款为{quote(e['signed'])}")
    elif e.get("signed"):
        out.append(f"落款{quote(e['signed'])}")
    if e.get("published"):
        out.append(f"发布日期 {e['published']}" + (f"，期限 {e['deadline']}" if e.get("deadline") else ""))
    if e.get("mention"):
        table = f"，统计表为 {e['table_value']}" if e.get("table_value") is not None else ""
        out.append(f"正文写道{quote(e['mention'])}{table}")
    if e.get("claim"):
        out.append(f"即{e['claim']}")
    if e.get("differ"):
        out.append(_differ(e["differ"]))
    if e.get("total") and e.get("parts") and e.get("sum"):
        out.append(f"合计{quote(e['total'])}，所列各项 {'、'.join(map(str, e['parts']))} 相加为 {e['sum']}")
    elif e.get("total") and e.get("part"):
        out.append(f"总数{quote(e['total'])}中{quote(e['part'])}的占比写作 {e.get('stated_share')}，实为 {e.get('actual_share')}")
    elif isinstance(e.get("stated"), str) and "mention" not in e:
        out.append(f"文中写道{quote(e['stated'])}")
    if e.get("missing"):
        missing = e["missing"] if isinstance(e["missing"], list) else [e["missing"]]
        out.append("未见：" + _listed([str(m) for m in missing]))
    if e.get("listed_not_found"):
        out.append("列出但未见正文：" + _listed(e["listed_not_found"]))
    if e.get("figures"):
        out.append(f"{quote(e.get('name', ''))}的数字不一致：" + _listed(e["figures"]))
    elif e.get("first") and e.get("again"):
        out.append(f"先写{quote(e['first'])}，又写{quote(e['again'])}")
    if e.get("rows"):
        out.append(_rows(e["rows"]))
    if e.get("run"):
        shown = "；".join(" ".join(c) for c in (e.get("candidates") or [])[:3])
        out.append(f"{quote(e.get('label', ''))}一行的数字连写为 {e['run']}" + (f"，可拆为 {shown} 等" if shown else ""))
    if e.get("unreadable"):
        out.append("无法读取的单元格：" + _listed(_ids(e["unreadable"], labels)))
    if e.get("reason"):
        out.append(str(e["reason"]))
    sentence = "；".join(part for part in out if part)
    return sentence + "。" if sentence else ""
