"""Kept preview analyses: found until confirmed, expired or pushed out by newer ones."""

from bureau.importexport import plans


def test_kept_until_expired(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(plans.time, "monotonic", lambda: now[0])
    kept = plans.KeptPlans(seconds=60, most=8)
    analysis = ["sheet"]
    kept.set("a", analysis)
    assert kept.get("a") is analysis and kept.has("a")  # the same objects: no copy, no pickle
    now[0] += 59
    assert kept.has("a")
    now[0] += 1
    assert not kept.has("a") and kept.get("a") is None


def test_oldest_pushed_out_and_deleted_on_confirm():
    kept = plans.KeptPlans(seconds=60, most=2)
    for key in "abc":
        kept.set(key, key)
    assert [kept.has(key) for key in "abc"] == [False, True, True]
    kept.delete("b")
    assert not kept.has("b") and kept.get("c") == "c"
