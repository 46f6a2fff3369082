"""JSON bodies the API refuses with 400 instead of failing later with a 500.

- Nesting deeper than the parser's recursion allows (`[[[[...]]]]`): RecursionError.
- A lone UTF-16 surrogate (`"\\ud800"`), valid JSON but not a character: echoing it in an error
  ("… is not a valid choice") or storing it fails to encode as UTF-8.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Nội dung JSON lồng nhau quá sâu.")) from None
        try:
            # Re-encoding finds a surrogate anywhere (keys too) without a recursive walk of
            # our own; the body is already parsed, so its depth is bounded.
            json.dumps(data, ensure_ascii=False).encode(settings.DEFAULT_CHARSET)
        except UnicodeEncodeError:
            raise ParseError(
                _("Nội dung JSON chứa ký tự không hợp lệ (nửa cặp thay thế UTF-16).")
            ) from None
        except RecursionError:
            raise ParseError(_("Nội dung JSON lồng nhau quá sâu.")) from None
        return data
