"""Write the CC0 cat photo that scikit-image ships (``skimage.data.chelsea()``) as a JPEG."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from skimage import data


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "chelsea.jpg")
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(data.chelsea()).save(target, quality=95)
    print(f"sample photo: {target}")


if __name__ == "__main__":
    main()
