"""Use-cases the CLI and the TUI share. Core code: never prints, never exits, never imports
click or textual. Modules are named after what they do (listing, papers, notes, ...)."""
