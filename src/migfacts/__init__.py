"""migfacts: what exactly did IOM say? Figures, quotes and press contacts from IOM releases."""

__version__ = "1.0.0"
