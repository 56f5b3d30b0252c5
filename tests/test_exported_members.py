"""The public API changes only on purpose."""

from __future__ import annotations

import provcheck


def test_all_is_sorted_and_exact() -> None:
    assert provcheck.__all__ == sorted(provcheck.__all__)
    assert provcheck.__all__ == [
        "Checker", "ClaimResult", "Evidence", "Flag", "Omission", "ProvcheckError", "Report", "Settings", "Verdict",
        "__version__", "check",
    ]
    for name in provcheck.__all__:
        assert hasattr(provcheck, name)
