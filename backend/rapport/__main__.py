"""`python -m rapport` runs the CLI."""

from rapport.cli import main

main()
