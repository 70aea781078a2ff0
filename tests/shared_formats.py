"""Where the formats we promised to others live: `../shared/formats/` beside the checkout (as in
CI), or the workplace's shared folder when the checkout is somewhere else."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

CANDIDATES = [
    Path(settings.BASE_DIR).parent / "shared" / "formats",
    Path("/work/shared/formats"),
]


def formats_dir() -> Path:
    for candidate in CANDIDATES:
        if (candidate / "example" / "expected.json").is_file():
            return candidate
    raise FileNotFoundError(
        "../shared/formats/example not found beside the checkout (looked in "
        + ", ".join(str(c) for c in CANDIDATES)
        + ")"
    )


EXAMPLE = formats_dir() / "example"
