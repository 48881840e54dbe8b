"""Cross-document clustering on reports: which reports are one happening, and stable cluster ids."""

from __future__ import annotations

from datetime import date

from tidings.aggregate import Report, cluster_reports, fingerprint, parse_interval, report_interval


def _report(event_id, doc, event_type="ASSAULT", actors=("hamas",), recipients=("egypt",), day=None, **kw):
    interval = (date.fromisoformat(day), date.fromisoformat(day)) if day else kw.pop("interval", None)
    return Report(event_id=event_id, document_id=doc, event_type=event_type, actors=frozenset(actors),
                  recipients=frozenset(recipients), modality=kw.pop("modality", "asserted"), interval=interval,
                  anchored=kw.pop("anchored", bool(day)), **kw)


def _groups(clusters):
    return sorted(sorted(c.event_ids) for c in clusters)


def test_same_happening_across_outlets_is_one_cluster_with_distinct_sources():
    reports = [
        _report("e1", 1, day="2016-05-02", outlet="Reuters", modality="reported"),
        _report("e2", 2, day="2016-05-02", outlet="AP", modality="asserted"),
        _report("e3", 3, day="2016-05-02", outlet="reuters", modality="hedged"),
    ]
    [cluster] = cluster_reports(reports)
    assert sorted(cluster.event_ids) == ["e1", "e2", "e3"]
    assert cluster.documents == 3
    assert cluster.sources == 2  # Reuters twice is one outlet
    assert cluster.modality == "asserted"
    assert cluster.date_start == cluster.date_end == "2016-05-02"


def test_different_category_dates_places_or_parties_stay_apart():
    reports = [
        _report("a", 1, day="2016-05-02", country="EG"),
        _report("b", 2, day="2016-05-02", event_type="COERCE"),
        _report("c", 3, day="2016-07-19"),
        _report("d", 4, day="2016-05-02", recipients=("israel",)),
        _report("e", 5, day="2016-05-02", country="IL", place="Eilat"),
        _report("f", 6, day="2016-05-02", country="EG", place="al-Arish"),
    ]
    assert _groups(cluster_reports(reports)) == [["a", "f"], ["b"], ["c"], ["d"], ["e"]]


def test_a_report_compatible_with_two_disagreeing_ones_does_not_chain_them():
    reports = [
        _report("a", 1, day="2016-05-02"),
        _report("e", 5, day="2016-05-02", country="IL", place="Eilat"),
        _report("f", 6, day="2016-05-02", country="EG", place="al-Arish"),
        _report("g", 7, day="2016-05-02", actors=("hamas", "is-sinai")),
        _report("h", 8, day="2016-05-02", actors=("hamas", "bedouin"), country="EG"),
    ]
    groups = _groups(cluster_reports(reports))
    assert ["e", "f"] not in groups and not any({"g", "h"} <= set(g) for g in groups)


def test_subset_of_parties_joins_within_an_article_and_symmetric_categories_ignore_order():
    reports = [
        _report("x", 1, day="2016-05-02", actors=("hamas", "is-sinai"), recipients=()),
        _report("y", 1, day="2016-05-02", actors=("hamas",), recipients=()),
        _report("s1", 1, "COOPERATE", ("hamas",), ("is-sinai",), day="2016-05-01"),
        _report("s2", 2, "COOPERATE", ("is-sinai",), ("hamas",), day="2016-05-01"),
    ]
    assert _groups(cluster_reports(reports)) == [["s1", "s2"], ["x", "y"]]


def test_across_articles_a_subset_of_parties_is_not_the_same_report():
    reports = [
        _report("x", 1, day="2016-05-02", actors=("hamas", "is-sinai")),
        _report("y", 2, day="2016-05-02", actors=("hamas",)),
    ]
    assert _groups(cluster_reports(reports)) == [["x"], ["y"]]


def test_one_sided_reports_never_corroborate_each_other():
    # "Riot police fired tear gas" and "the army downed two drones": same category, one named side each.
    reports = [
        _report("police", 1, "ASSAULT", ("usa",), (), day="2019-11-18", outlet="Reuters"),
        _report("army", 2, "ASSAULT", ("usa",), (), day="2019-11-18", outlet="AP"),
        _report("nobody", 3, "ASSAULT", (), ("usa",), day="2019-11-18", outlet="AFP"),
    ]
    assert _groups(cluster_reports(reports)) == [["army"], ["nobody"], ["police"]]


def test_a_report_with_an_unresolved_party_corroborates_nothing():
    reports = [
        _report("a", 1, "CONSULT", ("usa",), ("taliban",), day="2019-11-18", outlet="NY Post"),
        _report("b", 2, "CONSULT", ("usa",), ("taliban",), day="2019-11-18", outlet="Al Bawaba", unresolved=True),
    ]
    assert _groups(cluster_reports(reports)) == [["a"], ["b"]]


def test_opposite_directions_are_different_happenings_unless_symmetric():
    reports = [
        _report("ab", 1, "ACCUSE", ("usa",), ("chn",), day="2019-11-18"),
        _report("ba", 2, "ACCUSE", ("chn",), ("usa",), day="2019-11-18"),
        _report("t1", 1, "CONSULT", ("usa",), ("taliban",), day="2019-11-18"),
        _report("t2", 2, "CONSULT", ("taliban",), ("usa",), day="2019-11-18"),
    ]
    assert _groups(cluster_reports(reports)) == [["ab"], ["ba"], ["t1", "t2"]]


def test_dates_wider_than_a_month_do_not_corroborate():
    this_year = (date(2019, 1, 1), date(2019, 12, 31))
    november = (date(2019, 11, 1), date(2019, 11, 30))
    year = [_report("y1", 1, interval=this_year, anchored=True), _report("y2", 2, interval=this_year, anchored=True)]
    month = [_report("m1", 1, interval=november, anchored=True), _report("m2", 2, day="2019-11-18")]
    assert _groups(cluster_reports(year)) == [["y1"], ["y2"]]
    assert _groups(cluster_reports(month)) == [["m1", "m2"]]


def test_undated_reports_join_only_within_their_own_article():
    reports = [_report("u1", 1), _report("u2", 1), _report("u3", 2)]
    assert _groups(cluster_reports(reports)) == [["u1", "u2"], ["u3"]]


def test_undated_reports_in_one_article_need_exactly_the_same_named_parties():
    reports = [_report("p1", 1, recipients=()), _report("p2", 1, recipients=()),
               _report("q1", 1, actors=(), recipients=("egypt",)), _report("q2", 1)]
    assert _groups(cluster_reports(reports)) == [["p1"], ["p2"], ["q1"], ["q2"]]


def test_plans_and_denials_never_join_reports_of_what_happened():
    reports = [_report("done", 1, day="2016-05-02"), _report("plan", 2, day="2016-05-02", modality="future"),
               _report("plan2", 3, day="2016-05-02", modality="future")]
    assert _groups(cluster_reports(reports)) == [["done"], ["plan", "plan2"]]


def test_unanchored_dates_stand_for_the_article_window():
    week = report_interval("2016-05-02", None, "unanchored", "2016-05-10")
    assert week == (date(2016, 5, 3), date(2016, 5, 10))
    assert report_interval("2016-05", None, "explicit", None) == (date(2016, 5, 1), date(2016, 5, 31))
    assert report_interval(None, None, "unanchored", None) is None
    near = [_report("p", 1, interval=week), _report("q", 1, day="2016-05-04")]
    far = [_report("p", 1, interval=week), _report("q", 1, day="2016-04-04")]
    assert len(cluster_reports(near)) == 1
    assert len(cluster_reports(far)) == 2


def test_undated_reports_never_join_another_article():
    # The article's window is no date: two outlets' undated reports of the same parties stay apart.
    week = report_interval("2016-05-02", None, "unanchored", "2016-05-10")
    reports = [_report("p", 1, interval=week, outlet="Reuters"), _report("q", 2, day="2016-05-04", outlet="AP"),
               _report("r", 3, interval=week, outlet="AFP")]
    assert _groups(cluster_reports(reports)) == [["p"], ["q"], ["r"]]


def test_cluster_ids_are_stable_fingerprints_and_survive_new_members():
    first = cluster_reports([_report("m", 1, day="2016-05-02"), _report("n", 2, day="2016-05-02")])
    again = cluster_reports([_report("n", 2, day="2016-05-02"), _report("m", 1, day="2016-05-02")])
    assert first[0].cluster_id == again[0].cluster_id == fingerprint("m")
    previous = {"m": first[0].cluster_id, "n": first[0].cluster_id}
    grown = cluster_reports([_report("a0", 3, day="2016-05-02"), _report("m", 1, day="2016-05-02"),
                             _report("n", 2, day="2016-05-02")], previous=previous)
    assert grown[0].cluster_id == fingerprint("m")  # not fingerprint("a0"): known ids are kept


def test_parse_interval_handles_partial_dates():
    assert parse_interval("2016", None) == (date(2016, 1, 1), date(2016, 12, 31))
    assert parse_interval("2016-02", "2016-03") == (date(2016, 2, 1), date(2016, 3, 31))
    assert parse_interval("spring", None) is None


def test_a_split_cluster_keeps_its_id_on_the_larger_part_and_ids_stay_unique():
    previous = {e: fingerprint("e1") for e in ("e1", "e2", "e3", "e4")}
    reports = [_report("e1", 1, day="2016-05-02", country="IL"),
               *(_report(e, n, day="2016-05-02", country="EG") for n, e in enumerate(("e2", "e3", "e4"), 2))]
    clusters = cluster_reports(reports, previous=previous)
    ids = {tuple(sorted(c.event_ids)): c.cluster_id for c in clusters}
    assert ids[("e2", "e3", "e4")] == fingerprint("e1")
    assert ids[("e1",)] != fingerprint("e1")
