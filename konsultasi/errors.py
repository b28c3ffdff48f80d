"""The one error type of the domain. Every refusal a service makes is a DomainError with a
message for the user (already translated); pages show it and the API maps it to one body."""


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


class InvalidInput(DomainError):
    """Input a service cannot accept as given; the message says what to change."""

    code = "invalid_input"
