"""core.paging.CappedPaginator: exact up to the cap, then "at least" without counting the rest."""

from core.paging import CappedPaginator


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(40)), 25, cap=100)
    assert (paginator.count, paginator.capped, paginator.counted, paginator.num_pages) == (40, False, 40, 2)


def test_a_long_list_is_counted_to_the_cap_and_a_far_page_further():
    paginator = CappedPaginator(list(range(500)), 25, cap=100)
    assert (paginator.capped, paginator.counted, paginator.get_page(1).has_next()) == (True, 100, True)
    far = CappedPaginator(list(range(500)), 25, number=10, cap=100)
    page = far.get_page(10)
    assert (far.capped, far.counted, page.number, page.has_next()) == (True, 250, 10, True)
    assert list(page.object_list) == list(range(225, 250))
    end = CappedPaginator(list(range(500)), 25, number=20, cap=100)
    assert (end.capped, end.count, end.num_pages, end.get_page(20).has_next()) == (False, 500, 20, False)
