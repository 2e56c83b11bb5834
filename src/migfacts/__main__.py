"""`python -m migfacts`."""

from migfacts.cli import main

if __name__ == "__main__":
    main()
