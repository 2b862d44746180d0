"""Commands of this topic (filled in as the topic lands)."""

COMMANDS: list = []
