"""``e``: export notes to a Markdown vault, or the library to BibTeX, in a background job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet

from paperdesk.tui.keys import DIALOG_KEYS, Key, bindings
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

FORMATS = {  # format -> (default target name, what it is)
    "markdown": ("paperdesk-notes", "Markdown vault (a folder: one note per paper, plus an index)"),
    "bibtex": ("paperdesk.bib", "BibTeX file"),
}


def exporter(fmt: str) -> Callable[..., Any]:
    """The export function of ``fmt`` (imported when used: the exporters are not needed to
    start the TUI)."""
    if fmt == "bibtex":
        from paperdesk.export.bibtex import export_bibtex

        return export_bibtex
    from paperdesk.export.markdown import export_markdown

    return export_markdown


def describe(result: Any, target: Path) -> str:
    """One line from a vault ``ExportReport`` or a BibTeX ``TextExport``."""
    if isinstance(getattr(result, "entries", None), int):
        return f"Exported {plural(result.entries, 'BibTeX entry', 'BibTeX entries')} to {target}."
    if isinstance(getattr(result, "written", None), list):
        text = (
            f"Exported {plural(getattr(result, 'papers', 0), 'paper')} to {target}: "
            f"{plural(len(result.written), 'file')} written, "
            f"{len(getattr(result, 'unchanged', []))} unchanged"
        )
        if skipped := getattr(result, "skipped", None):
            text += f", {len(skipped)} left alone (not written by paperdesk or edited since)"
        return text + "."
    return f"Exported to {target}."


class ExportScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ExportScreen .export--title { text-style: bold; }
    ExportScreen RadioSet { width: 1fr; }
    ExportScreen .export--hint { color: $text-muted; }
    ExportScreen Button { margin-top: 1; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = DIALOG_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG_KEYS)

    app: PaperdeskApp

    def __init__(self, list_name: str | None = None) -> None:
        super().__init__()
        self.list_name = list_name
        self.fmt = "markdown"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export", classes="export--title")
            with RadioSet(id="export-format"):
                for key, (_, label) in FORMATS.items():
                    yield RadioButton(label, value=key == self.fmt, name=key)
            yield Label("to (a folder for Markdown, a file for BibTeX)", classes="export--hint")
            yield Input(self.default_target(), id="export-path")
            if self.list_name:
                yield Checkbox(f"only the list {self.list_name}", value=True, id="export-list")
            yield Button("Export", variant="primary", id="export-go")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        old_default = self.default_target()
        self.fmt = event.pressed.name or "markdown"
        path = self.query_one("#export-path", Input)
        if path.value == old_default:
            path.value = self.default_target()

    def default_target(self) -> str:
        """Under the library's home (not wherever the TUI was started, a repository say)."""
        return str(self.app.settings.export_dir / FORMATS[self.fmt][0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.start()

    def start(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Where to? Type a path.", severity="warning")
            return
        target = Path(raw).expanduser()
        only = self.list_name if self.list_name and self.query_one(Checkbox).value else None
        self.app.export(self.fmt, target, only)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
