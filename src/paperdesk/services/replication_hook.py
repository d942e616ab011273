"""How ``mark ID <replication state>`` reaches the replication record.

The replication service owns attempts; until a paper has one, the paper's own state is set.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from paperdesk import tracking
from paperdesk.storage.models import Paper, StateChange


def set_paper_status(session: Session, paper: Paper, state: str) -> StateChange | None:
    return tracking.set_state(session, paper, "replication", state)
