"""Write the README's pictures of the main screen: ``docs/tui-main.svg`` (the same picture as
the ``test_detail`` snapshot at 120x40) and ``docs/tui-main.txt`` (a plain-text capture).

Run by hand from the project root: ``.venv/bin/python -m tests.tui.capture_docs``.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


async def capture(size: tuple[int, int]) -> tuple[str, str]:
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from tests.tui.conftest import make_app, populate_demo, screen_text
    from tests.tui.test_snapshots import _main_view

    settings = load_settings()
    lib = Library.open(settings)
    populate_demo(lib)
    lib.close()
    app = make_app(settings, view="list:transformers-core")
    async with app.run_test(size=size) as pilot:
        await _main_view(pilot, "1706.03762")  # as the test_detail snapshot
        return app.export_screenshot(title="paperdesk"), screen_text(app)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            PAPERDESK_HOME=str(Path(tmp) / "home"),
            PAPERDESK_MODEL="hash-256",
            PAPERDESK_ARXIV_DELAY="0",
        )
        os.environ.pop("PAPERDESK_DATABASE_URL", None)
        svg, text = asyncio.run(capture((120, 40)))
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "tui-main.svg").write_text(svg)
    (docs / "tui-main.txt").write_text(
        "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    )
    print(f"wrote {docs / 'tui-main.svg'} and {docs / 'tui-main.txt'}")


if __name__ == "__main__":
    main()
