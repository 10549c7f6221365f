"""Write ``domain/data/career_calibration.json``: each career's calibration, computed once.

The career choice normalises each career's score by its distribution over a reference
population made from the tables (``petavatar.domain.careers.compute_calibration``,
about 0.4 s). Run this after editing any of the files it lists in ``inputs``
(careers, affinities, breeds, the breed mapping, personality or dimensions); a test
fails while the stored file is stale, and until then the service computes the
calibration on first use.

    .venv/bin/python scripts/calibrate_careers.py
"""

from __future__ import annotations

import json
from pathlib import Path

from petavatar.domain import careers

TARGET = Path(careers.__file__).parent / "data" / careers.CALIBRATION_FILE


def main() -> None:
    document = careers.calibration_document(careers.compute_calibration())
    TARGET.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(document['careers'])} careers)")


if __name__ == "__main__":
    main()
