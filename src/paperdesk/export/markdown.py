"""The Markdown vault: one file per paper and one index per reading list, for Obsidian or any
editor. Front matter is YAML with every string double-quoted (a title with ``: # " { } \\ %``
stays valid); the body has the abstract, the note verbatim, the replication record and the
papers it cites / is cited by in the library as ``[[wiki-links]]``. The note sits between two
markers (:mod:`paperdesk.export.vaultpage`) so that edits made in the vault can be read back.

File names come from :func:`paperdesk.export.keys.file_stems` (``cs_0306050-introduction-to-
the-conll-2003.md``); list indexes are ``_list-NAME.md`` (a paper's name never starts with
``_``). How files are written, kept and removed: :mod:`paperdesk.export.vault`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import PaperdeskError
from paperdesk.export.backup import my_view
from paperdesk.export.bibtex import selected_papers
from paperdesk.export.keys import file_stems, is_placeholder_title
from paperdesk.export.mdrecord import record_from_snapshot, replication_section, when
from paperdesk.export.progress_page import PROGRESS_PAGE, progress_page
from paperdesk.export.stored import list_stem
from paperdesk.export.vault import ExportReport, Planned, sync_folder
from paperdesk.export.vaultpage import notes_section, page_tags, parse_page

if TYPE_CHECKING:
    from paperdesk.library import Library

LIST_PREFIX = "_list-"


@cache
def _yaml_dumper() -> type:
    """A SafeDumper that writes keys plain and every string value double-quoted."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        pass

    def string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')

    def mapping(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
        items = [
            (yaml.ScalarNode("tag:yaml.org,2002:str", str(k)), dumper.represent_data(v))
            for k, v in value.items()
        ]
        return yaml.MappingNode("tag:yaml.org,2002:map", items, flow_style=False)

    Dumper.add_representer(str, string)
    Dumper.add_representer(dict, mapping)
    return Dumper


def front_matter(values: Mapping[str, Any]) -> str:
    """``---``-fenced YAML: keys plain, every string value double-quoted, one line each (so a
    value never contains a line that would end the block)."""
    import yaml

    text = yaml.dump(
        dict(values),
        Dumper=_yaml_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return f"---\n{text}---\n"


def _alias(text: str) -> str:
    return " ".join(text.replace("|", "/").replace("[", "(").replace("]", ")").split())


def link(stem: str, title: str) -> str:
    return f"[[{stem}|{_alias(title)}]]" if title else f"[[{stem}]]"


class _Vault:
    def __init__(
        self,
        lib: Library,
        data: Mapping[str, Any],
        papers: list[dict[str, Any]],
        lists: list[dict[str, Any]],
    ) -> None:
        self.lib, self.data = lib, data
        self.papers = papers
        self.exported_lists = {rl["name"] for rl in lists}
        self.stems = file_stems(data["papers"])
        self.exported = {p["key"] for p in papers}
        self.by_key = {p["key"]: p for p in data["papers"]}
        self.lists_of: dict[str, list[str]] = defaultdict(list)
        for rl in data["lists"]:
            for e in rl["entries"]:
                self.lists_of[e["paper"]].append(rl["name"])
        self.cited_by: dict[str, list[str]] = defaultdict(list)
        for p in data["papers"]:
            for cited in p["cites"]:
                self.cited_by[cited].append(p["key"])

    def title(self, p: Mapping[str, Any]) -> str:
        return p["title"] if not is_placeholder_title(p) else f"arXiv:{p['arxiv_id']}"

    def ref(self, key: str) -> str:
        p = self.by_key[key]
        year = f" ({p['year']})" if p.get("year") else ""
        if key in self.exported:
            return link(self.stems[key], self.title(p)) + year
        return f"{_alias(self.title(p))}{year} ({key}, not in this export)"

    def record(self, p: Mapping[str, Any]) -> Mapping[str, Any]:
        from paperdesk.services.replication import record

        try:
            return record(self.lib, p["key"])
        except PaperdeskError:
            return record_from_snapshot(p)

    def paper_page(self, p: Mapping[str, Any]) -> str:
        since: dict[str, str] = {}
        for h in p["history"]:
            since[h["track"]] = h["at"]
        url = f"https://arxiv.org/abs/{p['arxiv_id']}" if p.get("arxiv_id") else p.get("url")
        fm: dict[str, Any] = {"id": p["key"]}
        if p.get("arxiv_id"):
            fm["arxiv"] = p["arxiv_id"]
        fm["version"] = p.get("version")
        fm["title"] = self.title(p)
        fm["authors"] = list(p.get("authors") or [])
        fm["year"] = p.get("year")
        fm["url"] = url
        fm["doi"] = p.get("doi")
        if p.get("journal_ref"):
            fm["journal"] = p["journal_ref"]
        fm["lists"] = sorted(self.lists_of[p["key"]])
        fm["tags"] = list(p.get("tags") or [])
        fm["reading"] = p["reading_state"]
        fm["reading_since"] = since.get("reading")
        fm["replication"] = p["replication_state"]
        fm["replication_since"] = since.get("replication")
        fm["added"] = p.get("added_at")
        fm["history"] = [
            {"at": h["at"], "track": h["track"], "from": h["from"], "to": h["to"]}
            for h in p["history"]
        ]
        lines = [front_matter(fm), f"# {' '.join(self.title(p).split())}", ""]
        facts = []
        if p.get("authors"):
            facts.append(", ".join(p["authors"]))
        if p.get("year"):
            facts.append(str(p["year"]))
        if p.get("arxiv_id"):
            version = f"v{p['version']}" if p.get("version") else ""
            facts.append(f"[arXiv:{p['arxiv_id']}{version}]({url})")
        elif url:
            facts.append(f"<{url}>")
        if p.get("doi"):
            facts.append(f"DOI [{p['doi']}](https://doi.org/{p['doi']})")
        if facts:
            lines += [" · ".join(facts), ""]
        if p.get("journal_ref"):
            lines += [f"*{p['journal_ref']}*", ""]
        lists = [
            f"[[{LIST_PREFIX}{list_stem(name)}|{name}]]"
            for name in fm["lists"]
            if name in self.exported_lists
        ]
        if lists:
            lines += ["Lists: " + ", ".join(lists), ""]
        if p.get("abstract"):
            lines += ["## Abstract", "", p["abstract"].strip(), ""]
        lines += notes_section((p.get("note") or {}).get("body") or "")
        if p["claims"] or p["attempts"] or p["replication_state"] != "none":
            lines += replication_section(self.record(p))
        for heading, keys in (
            ("Cites (in your library)", p["cites"]),
            ("Cited by (in your library)", sorted(self.cited_by[p["key"]])),
        ):
            if keys:
                lines += [f"## {heading}", ""] + [f"- {self.ref(k)}" for k in keys] + [""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def list_page(self, rl: Mapping[str, Any]) -> str:
        states = [self.by_key[e["paper"]]["reading_state"] for e in rl["entries"]]
        total, done = len(states), states.count("read")
        percent = round(100 * done / total) if total else 0
        fm = {
            "list": rl["name"],
            "title": rl["title"],
            "description": rl.get("description"),
            "papers": total,
            "read": done,
            "progress": f"{done}/{total}",
        }
        lines = [front_matter(fm), f"# {' '.join(rl['title'].split())}", ""]
        if rl.get("description"):
            lines += [rl["description"].strip(), ""]
        counts = [
            f"{states.count(s)} {s}"
            for s in ("reading", "queued", "skimmed", "dropped")
            if states.count(s)
        ]
        lines += [
            f"**Progress:** {done} of {total} read ({percent}%)"
            + ("" if not counts else " · " + " · ".join(counts)),
            "",
        ]
        stage: object = object()
        for e in rl["entries"]:
            if e["stage"] != stage:
                stage = e["stage"]
                lines += ([] if lines[-1] == "" else [""]) + [f"## {stage or 'Other papers'}", ""]
            p = self.by_key[e["paper"]]
            box = "x" if p["reading_state"] == "read" else " "
            extra = []
            if p["reading_state"] not in ("read", "unread"):
                extra.append(p["reading_state"])
            if p["replication_state"] != "none":
                extra.append(f"replication: {p['replication_state']}")
            why = f" — {' '.join(e['why'].split())}" if e.get("why") else ""
            state = f" · {', '.join(extra)}" if extra else ""
            lines.append(f"- [{box}] {self.ref(e['paper'])}{state}{why}")
        return "\n".join(lines).rstrip("\n") + "\n"


def sync_base(page: str, name: str) -> dict[str, Any]:
    """What a page paperdesk writes says where the user may edit it, and its frame's hash: the
    base :mod:`paperdesk.export.vaultsync` merges later edits against."""
    parsed = parse_page(page, name)
    front = parsed.front or {}
    return {
        "note": parsed.note or "",
        "tags": page_tags(front.get("tags")),
        "reading": front.get("reading"),
        "frame": parsed.frame,
    }


def export_markdown(lib: Library, directory: Path, *, list_name: str | None = None) -> ExportReport:
    """Write the vault into ``directory`` (every paper and list, or one list and its papers).

    Exporting again with nothing changed rewrites nothing; a file the export did not write, or
    one edited since, is never overwritten or removed (see :mod:`paperdesk.export.vault`)."""
    data = my_view(lib)
    papers = selected_papers(data, list_name)
    lists = [rl for rl in data["lists"] if not list_name or rl["name"] == list_name.strip()]
    vault = _Vault(lib, data, papers, lists)
    planned: dict[str, Planned] = {}
    for p in papers:
        name = f"{vault.stems[p['key']]}.md"
        page = vault.paper_page(p)
        planned[name] = Planned(page.encode("utf-8"), {"paper": p["key"]}, sync_base(page, name))
    for rl in lists:
        planned[f"{LIST_PREFIX}{list_stem(rl['name'])}.md"] = Planned(
            vault.list_page(rl).encode("utf-8"), {"list": rl["name"]}
        )
    if not list_name:  # the plans and what was read when: a page of the whole library
        planned[PROGRESS_PAGE] = Planned(
            progress_page(data, vault.ref, front_matter).encode("utf-8"), {"page": "progress"}
        )
    library_keys = set(vault.by_key)
    library_lists = {rl["name"] for rl in data["lists"]}

    def is_stale(owner: Mapping[str, Any]) -> bool:
        if not list_name:
            return True
        if "page" in owner:  # the progress page: full exports only, a list export keeps it
            return False
        if "paper" in owner:
            return owner["paper"] in vault.exported or owner["paper"] not in library_keys
        return owner.get("list") in vault.exported_lists or owner.get("list") not in library_lists

    report = ExportReport(Path(directory).resolve(), papers=len(papers), lists=len(lists))
    return sync_folder(Path(directory), planned, is_stale, report, data["member"])


__all__ = ["ExportReport", "export_markdown", "front_matter", "link", "when"]
