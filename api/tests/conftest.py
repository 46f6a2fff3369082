import pytest
from rest_framework.test import APIClient

from api.tests.openapi import assert_matches_schema


class CheckedClient(APIClient):
    """An API client whose every JSON response is checked against the OpenAPI schema."""

    def generic(self, *args, **kwargs):
        response = super().generic(*args, **kwargs)
        if response.get("Content-Type", "").startswith("application/json"):
            assert_matches_schema(response)
        return response


@pytest.fixture
def api():
    return CheckedClient()
