"""Did-you-mean stays linear: answers remembered, fresh searches budgeted by count and by work,
and a long list of choices passed again converted once."""

from __future__ import annotations

from pkforce._suggest import Pool, closest, pool, suggestion_budget

IDS = {f"rus-b{b}-n{n}-c{c}": b for b in range(10) for n in range(10) for c in range(10)}


def test_a_list_passed_again_is_converted_once_inside_a_budget() -> None:
    with suggestion_budget():
        first = pool(IDS)
        assert pool(IDS) is first and isinstance(first, Pool) and list(first) == list(IDS)
        IDS["extra"] = 0
        try:
            assert pool(IDS) is not first and pool(IDS)[-1] == "extra"  # its size changed
        finally:
            del IDS["extra"]
    assert pool(IDS) is not pool(IDS)  # outside a validation nothing is kept
    with suggestion_budget():
        assert type(pool(list("abc"))) is tuple  # a short list: converted each time, not kept


def test_searches_stop_when_their_work_is_spent() -> None:
    words = [f"rus-b{i}-n{i}-c{i}x" for i in range(10)]
    work = len(words[0]) * sum(len(i) for i in IDS)  # one search over the 1,000 ids
    with suggestion_budget(work=work * 3):
        found = [closest(w, IDS) for w in words]
    assert found[:3] == [f" (did you mean `rus-b{i}-n{i}-c{i}`?)" for i in range(3)]
    assert found[3:] == [""] * 7  # past the budget: no suggestion, and nothing wrong remembered
    with suggestion_budget(work=work * 3):
        assert closest(words[0], IDS) == found[0]  # remembered: free
        assert closest(words[5], IDS) == " (did you mean `rus-b5-n5-c5`?)"


def test_the_count_of_searches_is_bounded_too() -> None:
    with suggestion_budget(fresh=2):
        found = [closest(w, ("combat", "police", "observers")) for w in ("cobmat", "poilce", "obesrvers")]
    assert found == [" (did you mean `combat`?)", " (did you mean `police`?)", ""]
