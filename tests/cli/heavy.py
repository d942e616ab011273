"""Which heavy modules a fresh ``paperdesk ARGS`` process imported: the check behind the
"list views and --help stay light" tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def modules_after(args: list[str], home: Path, heavy: Sequence[str]) -> list[str]:
    code = (
        "import json, runpy, sys\n"
        f"sys.argv = ['paperdesk', *{args!r}]\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {tuple(heavy)!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERDESK_HOME": str(home)},
    )
    return json.loads(out.stderr.strip().splitlines()[-1])
