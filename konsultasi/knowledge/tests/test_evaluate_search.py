"""`evaluate_search FILE.jsonl`: a line per backend, and last recall@5 and MRR."""

import re

import pytest
from django.core.management import CommandError, call_command

from konsultasi.knowledge.evaluation import Case, evaluate
from konsultasi.knowledge.tests.conftest import DATA


def test_the_last_line_gives_recall_at_5_and_mrr_of_the_backend_in_use(library, capsys):
    call_command("evaluate_search", str(DATA / "eval.jsonl"))
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"recall@5=\d\.\d\d mrr=\d\.\d\d", lines[-1])
    # The question whose only relevant item names no entry is left out: three are counted.
    assert re.fullmatch(
        r"(sqlite|postgresql) \(default\): questions=3 recall@5=\S+ mrr=\S+", lines[0]
    )
    assert lines[0].endswith(lines[-1])


def test_a_question_counts_at_the_rank_of_its_first_relevant_entry(library):
    score = evaluate([Case("retur sp2d ditolak bank", ["PER-9/PB/2018"])])
    assert (score.recall_at_5, score.mrr) == (1.0, 1.0)


def test_relevant_items_are_compared_without_case_or_spacing(library):
    score = evaluate([Case("retur sp2d ditolak bank", ["  per-9/pb/2018 "])])
    assert score.questions == 1


def test_a_question_not_found_in_the_top_ten_scores_zero(library):
    score = evaluate([Case("kartu kredit pemerintah", ["PER-9/PB/2018"])])
    assert (score.recall_at_5, score.mrr) == (0.0, 0.0)


def test_a_file_that_is_not_json_lines_is_refused_with_its_line(library, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "a", "relevant": []}\nnot json\n')
    with pytest.raises(CommandError, match="line 2"):
        call_command("evaluate_search", str(bad))


def test_a_missing_file_is_refused(db):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("evaluate_search", "/nonexistent/eval.jsonl")
