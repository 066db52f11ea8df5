"""The shared harness: a lesson runs on a generated shape and its text can be read back."""

import pytest

from tests.lesson_runs import SHAPES, run_lesson


@pytest.mark.notebooks
def test_harness_runs_a_lesson_on_a_shape():
    text = run_lesson("00_course_map", SHAPES["orders_only"])
    assert "course:shape=orders_only" in text
