"""The command line: click commands, one module per group. Parse, call services, print."""
