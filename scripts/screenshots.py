"""Screenshots of every public page kind at phone and desktop width, for a person to look at.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 test-artifacts/screenshots

Uses the distribution's Chromium (never a downloaded browser).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "year": "/2025/",
    "month": "/2025/04/",
    "day": "/2025/04/23/",
    "article": "/2025/04/kebijakan-pengelolaan-sektor-perhubungan-palopo/",
    "tags": "/tag/",
    "tag": "/tag/partisipasi-masyarakat/",
    "search": "/cari/?q=pengawasan",
    "search-nothing": "/cari/?q=pengawsan+sekolah",
    "not-found": "/2025/13/",
}
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 900)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(base_url: str, out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for size, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(base_url + path)
                page.screenshot(path=out_dir / f"{name}-{size}.png", full_page=True)
                print(out_dir / f"{name}-{size}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
