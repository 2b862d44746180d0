"""The analyst report (a static HTML page with inline SVG charts) and the xlsx export."""
