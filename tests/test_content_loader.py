"""The content loader: a broken file is reported with its place and its fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.content import ContentError, active_value_set, load_content, parse_content

CONTENT = Path(__file__).parents[1] / "content" / "values_id.yaml"


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = CONTENT.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in the content file"
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_shipped_file_loads_with_expected_counts() -> None:
    pack = load_content(CONTENT)
    berakhlak = pack.value_set("berakhlak")
    assert len(berakhlak.values) == 7
    assert len(list(berakhlak.behaviours())) == 21
    besaoh = pack.value_set("besaoh")
    assert len(list(besaoh.behaviours())) == 30
    assert sum(len(b.expected) for _, b in besaoh.behaviours()) == 115
    assert len(pack.budaya_malu.items) == 10
    assert pack.evaluasi.criteria_count() == 32


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  berakhlak:\n    id: berakhlak", "  berakhlak:\n    id: [berakhlak")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    (problem,) = caught.value.problems
    assert problem.line is not None
    assert "invalid YAML" in problem.message
    assert str(path) in str(caught.value)


def test_missing_field_names_the_path_and_line(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        "        definition: Bertanggung jawab atas kepercayaan yang diberikan.\n",
        "",
    )
    with pytest.raises(ContentError) as caught:
        load_content(path)
    (problem,) = caught.value.problems
    assert problem.where == "value_sets.berakhlak.values.1.definition"
    assert problem.message == "Field required"
    # The line of the value that lacks the field.
    assert problem.line == _line_of(path, "- id: berakhlak.akuntabel")


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "id: berakhlak.akuntabel.2", "id: berakhlak.akuntabel.1")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    (problem,) = caught.value.problems
    assert problem.where == "value_sets.berakhlak.values.1.behaviours.1.id"
    assert problem.message.startswith("duplicate id 'berakhlak.akuntabel.1' (first used at")
    assert problem.line == _line_of(path, "text: Menggunakan kekayaan") - 1


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        "        name: Akuntabel\n",
        "        name: Akuntabel\n        name: Akuntabel lagi\n",
    )
    with pytest.raises(ContentError) as caught:
        load_content(path)
    (problem,) = caught.value.problems
    assert "duplicate key 'name'" in problem.message
    assert problem.line == _line_of(path, "name: Akuntabel lagi")


def test_bad_id_and_unknown_field(tmp_path: Path) -> None:
    text = CONTENT.read_text(encoding="utf-8")
    text = text.replace("id: berakhlak.loyal.3", "id: Berakhlak Loyal 3", 1)
    text = text.replace("        name: Kompeten\n", "        name: Kompeten\n        nama: x\n", 1)
    with pytest.raises(ContentError) as caught:
        parse_content(text, Path("x.yaml"))
    wheres = {p.where for p in caught.value.problems}
    assert "value_sets.berakhlak.values.4.behaviours.2.id" in wheres
    assert "value_sets.berakhlak.values.2.nama" in wheres


def test_unknown_value_set(tmp_path: Path) -> None:
    pack = load_content(CONTENT)
    with pytest.raises(ContentError) as caught:
        active_value_set(pack, "panca_prasetya", CONTENT)
    assert "VALUE_SET 'panca_prasetya'" in str(caught.value)
    assert "berakhlak, besaoh" in str(caught.value)


def test_a_second_value_set_needs_no_code(tmp_path: Path) -> None:
    extra = """
  kabupaten_xyz:
    id: kabupaten_xyz
    name: MANTAP
    source: Peraturan Bupati XYZ Nomor 1 Tahun 2026
    legal_basis:
      regulation: Peraturan Bupati XYZ Nomor 1 Tahun 2026
      short: Perbup XYZ 1/2026
      head: Kepala OPD
      head_short: Kepala OPD
      kbk_roles: [penanggung_jawab, ketua]
      duties:
        problem_report:
          article: Pasal 2
          duty: tugas problem_report
        problem_answer:
          article: Pasal 3
          duty: tugas problem_answer
        monitoring:
          article: Pasal 4
          duty: tugas monitoring
        semester_report:
          article: Pasal 5
          duty: tugas semester_report
        pemda_report:
          article: Pasal 6
          duty: tugas pemda_report
        evaluation:
          article: Pasal 7
          duty: tugas evaluation
        kbk_setup:
          article: Pasal 8
          duty: tugas kbk_setup
        kbk_composition:
          article: Pasal 9
          duty: tugas kbk_composition
        role_model:
          article: Pasal 10
          duty: tugas role_model
        rencana_aksi:
          article: Pasal 11
          duty: tugas rencana_aksi
    values:
      - id: kabupaten_xyz.melayani
        name: Melayani
        definition: Mengutamakan masyarakat.
        behaviours:
          - id: kabupaten_xyz.melayani.1
            text: Menyapa setiap tamu
"""
    text = CONTENT.read_text(encoding="utf-8").replace("\nbudaya_malu:", extra + "\nbudaya_malu:")
    path = tmp_path / "xyz.yaml"
    path.write_text(text, encoding="utf-8")
    pack = load_content(path)
    xyz = active_value_set(pack, "kabupaten_xyz", path)
    assert xyz.values[0].name == "Melayani"
    basis = xyz.legal_basis
    assert basis.cite(basis.duties.problem_answer) == "Perbup XYZ 1/2026 Pasal 3"


def test_an_article_must_be_numbered_as_regulations_number_them(tmp_path: Path) -> None:
    path = _broken(tmp_path, "article: Pasal 15 ayat (2)", "article: pasal lima belas")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert "value_sets.besaoh.legal_basis.duties.problem_answer.article" in str(caught.value)
    assert f"broken.yaml:{_line_of(path, 'pasal lima belas')}" in str(caught.value)


def test_check_content_cli_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "berakhlak (BerAKHLAK): 7 nilai, 21 perilaku" in out
    assert "besaoh (BESAOH): 6 nilai, 30 perilaku utama, 115 perilaku yang diharapkan" in out
    assert "budaya malu: 10 butir" in out
    assert "evaluasi: 32 kriteria (kepemimpinan 10, pola_pikir 5, perilaku_kerja 17)" in out


def test_check_content_cli_fails_with_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken(tmp_path, "id: berakhlak.akuntabel.2", "id: berakhlak.akuntabel.1")
    assert main(["check-content", str(path)]) == 2
    err = capsys.readouterr().err
    # The second of the two items now sharing the id: the one right before its text.
    line = _line_of(path, "text: Menggunakan kekayaan") - 1
    assert f"{path}:{line}: value_sets.berakhlak.values.1.behaviours.1.id: duplicate id" in err


def test_check_content_cli_unknown_value_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-content", str(CONTENT), "--value-set", "nope"]) == 2
    assert "VALUE_SET 'nope' is not here" in capsys.readouterr().err


def test_check_content_cli_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-content", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err
