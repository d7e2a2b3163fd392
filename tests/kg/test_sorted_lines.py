"""Lines spilled to sorted runs come back as the sorted set of what was added."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tnkg.kg import sorted_lines
from tnkg.kg.sorted_lines import SortedLines, merge_unique

# what an N-Triples line may hold: anything but a newline (escaped in N-Triples)
LINES = st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)))


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(st.lists(LINES, max_size=12), max_size=12),
       run_lines=st.integers(1, 8), max_runs=st.integers(1, 4))
def test_lines_come_back_sorted_once_however_they_were_spilled(
    tmp_path_factory, batches, run_lines, max_runs
):
    folder = tmp_path_factory.mktemp("runs")
    saved = sorted_lines.RUN_LINES, sorted_lines.MAX_RUNS
    sorted_lines.RUN_LINES, sorted_lines.MAX_RUNS = run_lines, max_runs
    try:
        lines = SortedLines(folder, name="t")
        for batch in batches:
            lines.update(batch)
        expected = sorted({line for batch in batches for line in batch})
        assert list(lines) == expected
        assert list(lines) == expected  # read again, the same
        assert len(list(folder.iterdir())) <= max_runs + 1  # merged, not one file a batch
    finally:
        sorted_lines.RUN_LINES, sorted_lines.MAX_RUNS = saved


def test_parts_merge_into_one_sorted_stream_without_repeats():
    assert list(merge_unique(["a", "c", "d"], ["b", "c"], [])) == ["a", "b", "c", "d"]
