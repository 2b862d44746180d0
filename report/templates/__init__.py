"""Templates of the HTML report (package data)."""
