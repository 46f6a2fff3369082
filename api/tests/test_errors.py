"""A service's refusal reaches an API client as API.md's 400 {"field": ["message"]}."""

from django.core.exceptions import ValidationError

from api.errors import exception_handler
from trips.exceptions import TripError


class NotAWarningOfTheRequest(TripError):
    """As a service refuses a justification for a code that is not a current warning."""

    field = "justifications"


def test_a_service_validation_error_names_its_field_and_the_code():
    response = exception_handler(
        ValidationError({"justifications": ["BOGUS không phải cảnh báo của hồ sơ."]}), {}
    )
    assert response.status_code == 400
    assert response.data == {"justifications": ["BOGUS không phải cảnh báo của hồ sơ."]}


def test_a_service_error_with_a_field_names_it():
    response = exception_handler(NotAWarningOfTheRequest("BOGUS không áp dụng."), {})
    assert response.status_code == 400
    assert response.data == {"justifications": ["BOGUS không áp dụng."]}


def test_errors_of_the_whole_object_are_non_field_errors():
    response = exception_handler(ValidationError({"__all__": ["Hồ sơ quá dài."]}), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Hồ sơ quá dài."]}
    plain = exception_handler(TripError("Không được."), {})
    assert plain.data == {"non_field_errors": ["Không được."]}
