"""`python -m rapport` runs the CLI."""

from rapport.cli import main

# Guarded: `rapport serve --workers N` starts its processes with multiprocessing's spawn, which imports the parent's
# main module again in each child (as `__mp_main__`); the CLI must not run again there.
if __name__ == "__main__":
    main()
