"""`evaluate` on deeply nested JSON exits 2 with a Vietnamese message, not a traceback
(issue 19, point 8). Before, 100,000 nested brackets raised RecursionError out of json.loads."""

import io

import pytest
from django.core.management import call_command


def evaluate_stdin(text: str):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluate", "-", stdin=io.StringIO(text), stdout=out, stderr=err)
    return exit_.value.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"year": 2021, "people": ' + "[" * 500 + "]" * 500 + "}",
    ],
    ids=["100k-arrays", "50k-objects", "500-deep-inside-a-dossier"],
)
def test_deeply_nested_json_exits_2_with_a_message(text):
    status, out, err = evaluate_stdin(text)
    assert status == 2
    assert out == ""
    assert err.strip() == "-: JSON lồng quá sâu (tối đa 32 cấp)"
    assert "Traceback" not in err
