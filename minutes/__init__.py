"""minutes: German and Danish meeting protocols as structured, searchable records.

>>> import minutes
>>> record = minutes.parse("referat.pdf")
>>> record.to_dict()["meeting"]["date"]
"""

from minutes.archive import Archive
from minutes.errors import MinutesError, ParseError
from minutes.model import Minutes
from minutes.parse import parse

__version__ = "0.1.0"
__all__ = ["Archive", "Minutes", "MinutesError", "ParseError", "__version__", "parse"]
