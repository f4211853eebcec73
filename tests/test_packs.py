"""Rule packs: the shipped ones load; broken ones fail with file, line and key."""

from __future__ import annotations

import shutil

import pytest

from gik_lint.packs import PackError, rules_dir
from gik_lint.pipeline import Linter


def test_shipped_pack_codes_and_names_are_unique(linter):
    codes = list(linter.rules)
    assert codes == sorted(set(codes))
    names = [r.name for r in linter.rules.values()]
    assert len(names) == len(set(names))
    assert set(linter.regimes) == {"2008", "2019", "2021"}


def test_regime_years_do_not_overlap(linter):
    from gik_lint.interpret.regime import regime_for_year

    assert [regime_for_year(linter.regimes, y).id for y in (2008, 2018, 2019, 2020, 2021, 2030)] == [
        "2008",
        "2008",
        "2019",
        "2019",
        "2021",
        "2021",
    ]


def test_2021_inherits_the_2019_sections_with_its_own_format(linter):
    r19, r21 = linter.regimes["2019"], linter.regimes["2021"]
    assert [s.id for s in r21.sections] == [s.id for s in r19.sections]
    assert "〔2021〕30号" in r21.section("overview").basis
    assert "〔2019〕60号" in r19.section("overview").basis


@pytest.fixture
def pack(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def test_yaml_syntax_error_names_file_and_line(pack):
    path = pack / "structure" / "GIK102.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "severity: [warning"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PackError) as info:
        Linter(rules_path=pack)
    assert info.value.path.endswith("GIK102.yaml")
    assert info.value.line is not None and info.value.line >= 4


@pytest.mark.parametrize(
    "old,new,key",
    [
        ("severity: error", "severity: fatal", "severity"),
        ("kind: required-section", "kind: no-such-kind", "kind"),
        ("name: structure.missing-section", "name: Missing Section", "name"),
        ("code: GIK101", "code: GIK1", "code"),
    ],
)
def test_bad_rule_field_is_named(pack, old, new, key):
    path = pack / "structure" / "GIK101.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as info:
        Linter(rules_path=pack)
    assert info.value.key == key
    assert "GIK101.yaml" in str(info.value)


def test_rule_without_a_passing_example_is_rejected(pack):
    path = pack / "structure" / "GIK103.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - expect: pass")], encoding="utf-8")
    with pytest.raises(PackError, match="expect: pass"):
        Linter(rules_path=pack)


def test_rule_file_must_be_registered(pack):
    path = pack / "structure" / "GIK103.yaml"
    path.rename(pack / "structure" / "GIK199.yaml")
    text = (pack / "structure" / "GIK199.yaml").read_text(encoding="utf-8").replace("code: GIK103", "code: GIK199")
    (pack / "structure" / "GIK199.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="GIK199"):
        Linter(rules_path=pack)


def test_registered_rule_needs_its_file(pack):
    (pack / "structure" / "GIK102.yaml").unlink()
    with pytest.raises(PackError) as info:
        Linter(rules_path=pack)
    assert info.value.path.endswith("registry.yaml") and info.value.key == "GIK102"


def test_bad_section_pattern_is_named(pack):
    path = pack / "catalog" / "regimes" / "2008.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'.*收费.*'", "'.*收费(.*'"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        Linter(rules_path=pack)
    assert info.value.key == "patterns" and "2008.yaml" in info.value.path
