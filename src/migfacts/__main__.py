"""`python -m migfacts`."""

from migfacts.console import run

if __name__ == "__main__":
    run()
