"""`manage.py skm_index FILE.json`: the index of a tally of paper questionnaires."""

import json

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path, content, name="tally.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    call_command("skm_index", str(path), stdout=Out())
    return "".join(lines).strip().splitlines()


def test_the_last_line_gives_the_index_the_grade_and_the_respondents(tmp_path):
    responses = [[4, 3, 4, 4, 3, 4, 4, 2, 3], [3, 3, 4, 4, 3, 3, 4, 3, 3]]
    lines = run(tmp_path, {"responses": responses})
    assert lines[-1] == "IKM=84.72 grade=B respondents=2"


def test_each_element_mean_is_printed_before_the_index(tmp_path):
    lines = run(tmp_path, {"responses": [[4] * 8 + [2]]})
    assert lines[0].startswith("requirements") and "mean=4.00" in lines[0]
    assert "complaints" in lines[8] and "mean=2.00" in lines[8]
    assert lines[-1] == "IKM=94.44 grade=A respondents=1"


def test_exact_ninths_are_used_not_0111(tmp_path):
    # 24 answers of 4 and 21 of 3: 88.33 (A); with the 0.111 weight it would be 88.25 (B).
    responses = [[4, 4, 4, 4, 4, 3, 3, 3, 3]] * 4 + [[4, 4, 4, 4, 3, 3, 3, 3, 3]]
    assert run(tmp_path, {"responses": responses})[-1] == "IKM=88.33 grade=A respondents=5"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", 'must hold an object with a "responses" list'),
        ({"responses": {"a": 1}}, 'must hold an object with a "responses" list'),
        ({"responses": []}, "holds no responses"),
        ({"responses": [[4] * 9, [4] * 8 + [5]]}, "respondent 2: element 9: 5 is outside 1–4"),
        ({"responses": [[4] * 9, [4] * 8]}, "respondent 2: 8 answers given"),
        ({"responses": [[4] * 8 + ["4"]]}, "is not a whole score"),
    ],
)
def test_a_malformed_file_or_an_answer_out_of_range_is_refused(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, content)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("skm_index", str(tmp_path / "nowhere.json"))


def test_the_command_exits_non_zero_on_refusal(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"responses": [[9] * 9]}))
    root = Path(__file__).resolve().parents[3]
    finished = subprocess.run(
        [sys.executable, str(root / "manage.py"), "skm_index", str(path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
        cwd=root,
    )
    assert finished.returncode != 0
    assert "element 1: 9 is outside 1–4" in finished.stderr
